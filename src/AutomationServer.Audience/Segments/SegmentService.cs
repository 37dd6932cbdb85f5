using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Segments;

public enum SegmentSaveStatus
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record SegmentSaveResult(SegmentSaveStatus Status, SegmentRecord? Segment, IReadOnlyList<RuleProblem> Problems)
{
    public static SegmentSaveResult Invalid(IReadOnlyList<RuleProblem> problems) => new(SegmentSaveStatus.Invalid, null, problems);
}

public sealed record SegmentPreview(int Count, IReadOnlyList<Guid> Sample);

/// <summary>Creating, changing, deleting and previewing segments; every rule is checked before it is stored.</summary>
public sealed partial class SegmentService(SegmentStore store, SegmentCatalog catalog, SegmentMembershipService membership, TimeProvider clock)
{
    public const int MaxPreviewSample = 20;

    /// <summary>Checks a rule as <paramref name="segmentId"/>'s (null for a preview) and returns it parsed, or every problem.</summary>
    public async Task<RuleParseResult> ParseAsync(JsonNode? definition, string? segmentId, CancellationToken cancellationToken) =>
        SegmentRuleParser.Parse(definition, await catalog.ContextAsync(segmentId, cancellationToken));

    public async Task<SegmentSaveResult> CreateAsync(string? id, string? name, JsonNode? definition, CancellationToken cancellationToken)
    {
        var problems = CheckFields(id, name, requireId: true);
        var parsed = await ParseAsync(definition, id, cancellationToken);
        if (problems.Count > 0 || !parsed.IsValid)
        {
            return SegmentSaveResult.Invalid([.. problems, .. parsed.Problems]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new SegmentRecord { Id = id!, Name = name!, Definition = definition!.ToJsonString(), CreatedAt = now, UpdatedAt = now };
        if (await membership.CreateAsync(record, parsed.Rule!, cancellationToken) is null)
        {
            return new SegmentSaveResult(SegmentSaveStatus.Conflict, null, [new RuleProblem("id", $"A segment '{id}' exists already.")]);
        }

        catalog.Invalidate();
        return new SegmentSaveResult(SegmentSaveStatus.Saved, await store.GetAsync(record.Id, cancellationToken), []);
    }

    public async Task<SegmentSaveResult> UpdateAsync(string id, string? name, JsonNode? definition, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return new SegmentSaveResult(SegmentSaveStatus.NotFound, null, []);
        }

        var problems = CheckFields(id, name, requireId: false);
        var parsed = await ParseAsync(definition, id, cancellationToken);
        if (problems.Count > 0 || !parsed.IsValid)
        {
            return SegmentSaveResult.Invalid([.. problems, .. parsed.Problems]);
        }

        if (!await store.UpdateAsync(id, name!, definition!.ToJsonString(), clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return new SegmentSaveResult(SegmentSaveStatus.NotFound, null, []);
        }

        catalog.Invalidate();
        await membership.RecomputeAsync(id, cancellationToken);
        return new SegmentSaveResult(SegmentSaveStatus.Saved, await store.GetAsync(id, cancellationToken), []);
    }

    /// <summary>Refused (with the referring segments) while another segment's rule refers to this one.</summary>
    public async Task<(bool Deleted, IReadOnlyList<string> ReferredBy)> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var referredBy = (await store.ListAllAsync(cancellationToken))
            .Where(s => s.Id != id && SegmentReferenceScanner.Find(s.Definition).Contains(id))
            .Select(s => s.Id)
            .ToList();
        if (referredBy.Count > 0)
        {
            return (false, referredBy);
        }

        var deleted = await store.DeleteAsync(id, cancellationToken);
        catalog.Invalidate();
        return (deleted, []);
    }

    public async Task<(SegmentPreview? Preview, IReadOnlyList<RuleProblem> Problems)> PreviewAsync(JsonNode? definition, CancellationToken cancellationToken)
    {
        var parsed = await ParseAsync(definition, null, cancellationToken);
        if (!parsed.IsValid)
        {
            return (null, parsed.Problems);
        }

        var (count, sample) = await membership.PreviewAsync(parsed.Rule!, MaxPreviewSample, cancellationToken);
        return (new SegmentPreview(count, sample), []);
    }

    private static List<RuleProblem> CheckFields(string? id, string? name, bool requireId)
    {
        var problems = new List<RuleProblem>();
        if (requireId && (id is null || !Slug().IsMatch(id)))
        {
            problems.Add(new RuleProblem("id", "Required: a slug of 1 to 128 lower-case letters, digits and '-', e.g. \"engaged-not-buying\"."));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > AudienceTables.DisplayLength)
        {
            problems.Add(new RuleProblem("name", $"Required: 1 to {AudienceTables.DisplayLength} characters."));
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
