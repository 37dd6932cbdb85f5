using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Scoring;

/// <summary>Everything scoring evaluates, parsed once.</summary>
public sealed record ScoringSnapshot(
    IReadOnlyDictionary<string, IReadOnlyList<PointsRule>> EventRulesByName,
    IReadOnlyList<PointsRule> AttributeRules,
    IReadOnlyList<StageRule> Stages,
    DecaySetting Decay)
{
    /// <summary>Stages that have a condition, highest (last listed) first: the order they are tried in.</summary>
    public IReadOnlyList<StageRule> AutomaticStages { get; } = Stages.Where(s => s.Condition is not null).Reverse().ToList();
}

/// <summary>
/// The stored points rules, stage list and decay setting, parsed against the current attribute schema and kept for a
/// few seconds because every tracked event asks for them; changes through <see cref="ScoringService"/> clear it at once
/// (other nodes within <see cref="CacheFor"/>).
/// </summary>
public sealed class ScoringCatalog(ScoringStore store, SegmentCatalog segments, TimeProvider clock, ILogger<ScoringCatalog> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ExpiringSnapshot<ScoringSnapshot> _snapshot = new(clock, () => CacheFor);

    public void Invalidate() => _snapshot.Invalidate();

    public async Task<ScoringSnapshot> SnapshotAsync(CancellationToken cancellationToken) => await _snapshot.GetAsync(LoadAsync, cancellationToken);

    /// <summary>Turns a stored rule back into the body it was saved from.</summary>
    public static JsonObject Body(ScoringRuleRecord record)
    {
        var body = new JsonObject
        {
            ["id"] = record.Id,
            ["name"] = record.Name,
            ["kind"] = record.Kind,
            ["points"] = record.Points,
            ["enabled"] = record.Enabled,
        };
        if (JsonNode.Parse(record.Definition) is JsonObject definition)
        {
            foreach (var (key, value) in definition)
            {
                body[key] = value?.DeepClone();
            }
        }

        return body;
    }

    private async Task<ScoringSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var context = await segments.ContextAsync(null, cancellationToken);
        var rules = new List<PointsRule>();
        foreach (var record in await store.ListRulesAsync(cancellationToken))
        {
            var parsed = PointsRuleParser.Parse(Body(record), record.Id, context);
            if (parsed.Rule is null)
            {
                // An attribute deleted or retyped after the rule was saved: the rule rests until it is fixed.
                logger.LogWarning("Points rule {RuleId} is not applied: {Problems}", record.Id, Describe(parsed.Problems));
            }
            else if (parsed.Rule.Enabled)
            {
                rules.Add(parsed.Rule);
            }
        }

        var stages = LifecycleStages.Defaults;
        if (await store.GetSettingAsync(ScoringStore.StagesKey, cancellationToken) is { } stored)
        {
            var parsed = ScoringSettingsParser.Stages(JsonNode.Parse(stored.Value), context);
            if (parsed.Stages is null)
            {
                logger.LogWarning("The lifecycle stage conditions are not applied: {Problems}", Describe(parsed.Problems));
                stages = StageNames(stored.Value).Select(s => new StageRule(s, null)).ToList();
            }
            else
            {
                stages = parsed.Stages;
            }
        }

        var decay = DecaySetting.Off;
        if (await store.GetSettingAsync(ScoringStore.DecayKey, cancellationToken) is { } storedDecay)
        {
            decay = ScoringSettingsParser.Decay(JsonNode.Parse(storedDecay.Value)).Decay ?? DecaySetting.Off;
        }

        var byName = rules.Where(r => r.Kind == PointsRuleKind.Event)
            .GroupBy(r => r.EventName!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PointsRule>)g.ToList(), StringComparer.Ordinal);
        return new ScoringSnapshot(byName, rules.Where(r => r.Kind == PointsRuleKind.Attribute).ToList(), stages, decay);
    }

    private static IEnumerable<string> StageNames(string json) =>
        (JsonNode.Parse(json)?["stages"] as JsonArray ?? [])
            .Select(entry => entry?["stage"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            .OfType<string>();

    private static string Describe(IReadOnlyList<RuleProblem> problems) => string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}"));
}
