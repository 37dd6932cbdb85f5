using System.Text.Json.Nodes;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Segments;

/// <summary>A stored segment with its parsed rule, ready to translate.</summary>
public sealed record CompiledSegment(string Id, RuleNode Rule, IReadOnlyCollection<string> References);

/// <summary>
/// The stored segments parsed once and ordered so that a segment comes after every segment its rule refers to.
/// Kept for a few seconds because every tracked event asks for it; segment changes through
/// <see cref="SegmentService"/> clear it at once, attribute schema changes within <see cref="CacheFor"/>.
/// </summary>
public sealed class SegmentCatalog(SegmentStore store, TimeProvider clock, ILogger<SegmentCatalog> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ExpiringSnapshot<IReadOnlyList<IReadOnlyList<CompiledSegment>>> _levels = new(clock, () => CacheFor);

    /// <summary>Groups of segments; each group depends only on segments of earlier groups.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<CompiledSegment>>> LevelsAsync(CancellationToken cancellationToken) =>
        await _levels.GetAsync(LoadLevelsAsync, cancellationToken);

    public async Task<CompiledSegment?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await LevelsAsync(cancellationToken)).SelectMany(level => level).FirstOrDefault(s => s.Id == id);

    /// <summary>What a rule being saved as <paramref name="segmentId"/> (or previewed, when null) is checked against.</summary>
    public async Task<RuleContext> ContextAsync(string? segmentId, CancellationToken cancellationToken)
    {
        var segments = await store.ListAllAsync(cancellationToken);
        var references = segments.ToDictionary(s => s.Id, s => s.Id == segmentId ? [] : SegmentReferenceScanner.Find(s.Definition), StringComparer.Ordinal);
        return new RuleContext(await store.AttributeTypesAsync(cancellationToken), references, segmentId);
    }

    public void Invalidate() => _levels.Invalidate();

    private async Task<IReadOnlyList<IReadOnlyList<CompiledSegment>>> LoadLevelsAsync(CancellationToken cancellationToken)
    {
        var segments = await store.ListAllAsync(cancellationToken);
        var attributes = await store.AttributeTypesAsync(cancellationToken);
        var ids = segments.ToDictionary(s => s.Id, _ => (IReadOnlyCollection<string>)[], StringComparer.Ordinal);
        var compiled = new Dictionary<string, CompiledSegment>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            var parsed = SegmentRuleParser.Parse(segment.Definition, new RuleContext(attributes, ids, null));
            if (parsed.Rule is null)
            {
                // An attribute deleted or retyped after the rule was saved: the segment keeps its members until it is fixed.
                logger.LogWarning("Segment {SegmentId} is not evaluated: {Problems}", segment.Id, string.Join("; ", parsed.Problems.Select(p => $"{p.Path}: {p.Message}")));
                continue;
            }

            compiled[segment.Id] = new CompiledSegment(segment.Id, parsed.Rule, SegmentRuleParser.ReferencedSegments(parsed.Rule));
        }

        return Order(compiled);
    }

    private List<IReadOnlyList<CompiledSegment>> Order(Dictionary<string, CompiledSegment> compiled)
    {
        var levels = new List<IReadOnlyList<CompiledSegment>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = compiled.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            // A reference to a segment that is not evaluated (invalid) reads its stored members, so it does not hold others back.
            var ready = pending.Where(s => s.References.All(r => done.Contains(r) || !compiled.ContainsKey(r))).ToList();
            if (ready.Count == 0)
            {
                logger.LogWarning("Segments {SegmentIds} refer to each other in a cycle and are not evaluated", string.Join(", ", pending.Select(s => s.Id)));
                break;
            }

            levels.Add(ready);
            done.UnionWith(ready.Select(s => s.Id));
            pending.RemoveAll(ready.Contains);
        }

        return levels;
    }

}

/// <summary>Finds <c>{"segment":{"id":…}}</c> references in stored rule JSON without checking the rest of it.</summary>
public static class SegmentReferenceScanner
{
    public static IReadOnlyCollection<string> Find(string definition)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            Walk(JsonNode.Parse(definition));
        }
        catch (System.Text.Json.JsonException)
        {
            // Stored rules were valid JSON when saved; a damaged one simply refers to nothing.
        }

        return ids;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["segment"] is JsonObject { } segment && segment["id"] is JsonValue id && id.TryGetValue<string>(out var text))
                    {
                        ids.Add(text);
                    }

                    foreach (var (_, child) in obj)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Walk(child);
                    }

                    break;
            }
        }
    }
}
