using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Scoring;

public enum ScoringSaveStatus
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record ScoringSaveResult(ScoringSaveStatus Status, JsonObject? Value, IReadOnlyList<RuleProblem> Problems)
{
    public static ScoringSaveResult Invalid(IReadOnlyList<RuleProblem> problems) => new(ScoringSaveStatus.Invalid, null, problems);
}

/// <summary>
/// Points rules, lifecycle stages and decay as the API sees them: every rule is checked before it is stored, and a
/// saved attribute rule or stage list is applied to the contacts it already matches at once.
/// </summary>
public sealed class ScoringService(ScoringStore store, ScoringCatalog catalog, SegmentCatalog segments, ScoringPasses passes, TimeProvider clock)
{
    public async Task<IReadOnlyList<JsonObject>> ListRulesAsync(CancellationToken cancellationToken) =>
        (await store.ListRulesAsync(cancellationToken)).Select(Describe).ToList();

    public async Task<JsonObject?> GetRuleAsync(string id, CancellationToken cancellationToken) =>
        await store.GetRuleAsync(id, cancellationToken) is { } rule ? Describe(rule) : null;

    public async Task<ScoringSaveResult> CreateRuleAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var parsed = PointsRuleParser.Parse(body, null, await segments.ContextAsync(null, cancellationToken));
        if (parsed.Rule is not { } rule)
        {
            return ScoringSaveResult.Invalid(parsed.Problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = Record(rule, body, now, now);
        if (!await store.InsertRuleAsync(record, cancellationToken))
        {
            return new ScoringSaveResult(ScoringSaveStatus.Conflict, null, [new RuleProblem("id", $"A points rule '{rule.Id}' exists already.")]);
        }

        await AppliedAsync(rule, cancellationToken);
        return new ScoringSaveResult(ScoringSaveStatus.Saved, await GetRuleAsync(rule.Id, cancellationToken), []);
    }

    public async Task<ScoringSaveResult> UpdateRuleAsync(string id, JsonObject body, CancellationToken cancellationToken)
    {
        if (await store.GetRuleAsync(id, cancellationToken) is not { } existing)
        {
            return new ScoringSaveResult(ScoringSaveStatus.NotFound, null, []);
        }

        if (body["id"] is JsonValue given && (!given.TryGetValue<string>(out var bodyId) || bodyId != id))
        {
            return ScoringSaveResult.Invalid([new RuleProblem("id", $"The id is '{id}' (from the address); it cannot be changed.")]);
        }

        body.Remove("id");
        var parsed = PointsRuleParser.Parse(body, id, await segments.ContextAsync(null, cancellationToken));
        if (parsed.Rule is not { } rule)
        {
            return ScoringSaveResult.Invalid(parsed.Problems);
        }

        if (!await store.UpdateRuleAsync(Record(rule, body, existing.CreatedAt, clock.GetUtcNow().UtcDateTime), cancellationToken))
        {
            return new ScoringSaveResult(ScoringSaveStatus.NotFound, null, []);
        }

        await AppliedAsync(rule, cancellationToken);
        return new ScoringSaveResult(ScoringSaveStatus.Saved, await GetRuleAsync(id, cancellationToken), []);
    }

    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteRuleAsync(id, cancellationToken);
        catalog.Invalidate();
        return deleted;
    }

    /// <summary><c>{"stages": [{"stage", "condition"}]}</c>, lowest first; the defaults until a list is saved.</summary>
    public async Task<JsonObject> GetStagesAsync(CancellationToken cancellationToken) =>
        await store.GetSettingAsync(ScoringStore.StagesKey, cancellationToken) is { } stored && JsonNode.Parse(stored.Value) is JsonObject value
            ? value
            : new JsonObject { ["stages"] = new JsonArray(LifecycleStages.Defaults.Select(s => (JsonNode)new JsonObject { ["stage"] = s.Stage, ["condition"] = null }).ToArray()) };

    public async Task<ScoringSaveResult> PutStagesAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var parsed = ScoringSettingsParser.Stages(body, await segments.ContextAsync(null, cancellationToken));
        if (parsed.Stages is null)
        {
            return ScoringSaveResult.Invalid(parsed.Problems);
        }

        await store.PutSettingAsync(ScoringStore.StagesKey, body!.ToJsonString(), clock.GetUtcNow().UtcDateTime, cancellationToken);
        catalog.Invalidate();
        await passes.ReconcileStagesAsync(cancellationToken);
        return new ScoringSaveResult(ScoringSaveStatus.Saved, await GetStagesAsync(cancellationToken), []);
    }

    public async Task<JsonObject> GetDecayAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetSettingAsync(ScoringStore.DecayKey, cancellationToken);
        var decay = stored is null ? DecaySetting.Off : ScoringSettingsParser.Decay(JsonNode.Parse(stored.Value)).Decay ?? DecaySetting.Off;
        return new JsonObject
        {
            ["enabled"] = decay.Enabled,
            ["percent"] = decay.Percent,
            ["every"] = decay.Every.Text,
            ["lastAppliedAt"] = stored?.LastAppliedAt,
        };
    }

    public async Task<ScoringSaveResult> PutDecayAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var parsed = ScoringSettingsParser.Decay(body);
        if (parsed.Decay is null)
        {
            return ScoringSaveResult.Invalid(parsed.Problems);
        }

        await store.PutSettingAsync(ScoringStore.DecayKey, body!.ToJsonString(), clock.GetUtcNow().UtcDateTime, cancellationToken);
        catalog.Invalidate();
        return new ScoringSaveResult(ScoringSaveStatus.Saved, await GetDecayAsync(cancellationToken), []);
    }

    private async Task AppliedAsync(PointsRule rule, CancellationToken cancellationToken)
    {
        catalog.Invalidate();
        if (rule is { Kind: PointsRuleKind.Attribute, Enabled: true })
        {
            await passes.ReconcileAttributeRuleAsync(rule, cancellationToken);
        }
    }

    private static ScoringRuleRecord Record(PointsRule rule, JsonObject body, DateTime createdAt, DateTime updatedAt) => new()
    {
        Id = rule.Id,
        Name = rule.Name,
        Kind = rule.Kind == PointsRuleKind.Event ? "event" : "attribute",
        Definition = PointsRuleParser.Definition(body).ToJsonString(),
        Points = rule.Points,
        Enabled = rule.Enabled,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
    };

    private static JsonObject Describe(ScoringRuleRecord record)
    {
        var body = ScoringCatalog.Body(record);
        body["createdAt"] = record.CreatedAt;
        body["updatedAt"] = record.UpdatedAt;
        return body;
    }
}
