using System.Text.Json;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Scoring;

/// <summary>Why a score or stage changed, recorded as the event's <c>reason</c>.</summary>
public static class ScoringReasons
{
    public const string EventRule = "event_rule";
    public const string AttributeRule = "attribute_rule";
    public const string Decay = "decay";
    public const string StageRule = "stage_rule";
    public const string Manual = "manual";
}

/// <summary>A contact's score moved; recorded as a <c>score_changed</c> event and dispatched as <c>Audience.ScoreChanged</c>.</summary>
public sealed record ScoreChange(Guid ContactId, int From, int To, string? RuleId, string Reason)
{
    public const string EventName = "score_changed";
    public const string Stimulus = "Audience.ScoreChanged";
    public const string Up = "up";
    public const string Down = "down";

    public int Delta => To - From;

    /// <summary>The stimulus key: <c>up</c> or <c>down</c>, so a trigger waiting for a rise never sees a fall.</summary>
    public string Direction => To >= From ? Up : Down;

    public string PropertiesJson => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["from"] = From,
        ["to"] = To,
        ["delta"] = Delta,
        ["ruleId"] = RuleId,
        ["reason"] = Reason,
    });

    public Stimulus ToStimulus() => new(
        Stimulus,
        Direction,
        new Dictionary<string, object?>
        {
            ["contactId"] = ContactId.ToString(),
            ["from"] = From,
            ["to"] = To,
            ["delta"] = Delta,
            ["ruleId"] = RuleId,
            ["reason"] = Reason,
        },
        AudienceStimuli.CorrelationId(ContactId));
}

/// <summary>A contact's lifecycle stage moved; recorded as <c>stage_changed</c> and dispatched as <c>Audience.StageChanged</c> (key = the new stage).</summary>
public sealed record StageChange(Guid ContactId, string? From, string To, string Reason)
{
    public const string EventName = "stage_changed";
    public const string Stimulus = "Audience.StageChanged";

    public string PropertiesJson => JsonSerializer.Serialize(new Dictionary<string, object?> { ["from"] = From, ["to"] = To, ["reason"] = Reason });

    public Stimulus ToStimulus() => new(
        Stimulus,
        To,
        new Dictionary<string, object?> { ["contactId"] = ContactId.ToString(), ["from"] = From, ["to"] = To, ["reason"] = Reason },
        AudienceStimuli.CorrelationId(ContactId));
}

/// <summary>What one scoring step changed (already stored and dispatched).</summary>
public sealed record ScoringOutcome(IReadOnlyList<ScoreChange> Scores, IReadOnlyList<StageChange> Stages)
{
    public static readonly ScoringOutcome None = new([], []);

    public bool Any => Scores.Count > 0 || Stages.Count > 0;
}

/// <summary>Hands score and stage changes to the workflow engine (replaced in tests that run without one).</summary>
public interface IScoringChangeDispatcher
{
    Task DispatchAsync(ScoringOutcome outcome, CancellationToken cancellationToken);
}

/// <summary>Dispatches in batches, so a decay pass over a million scores does not become one commit.</summary>
public sealed class WorkflowScoringChangeDispatcher(WorkflowRuntime runtime) : IScoringChangeDispatcher
{
    public const int BatchSize = 500;

    public async Task DispatchAsync(ScoringOutcome outcome, CancellationToken cancellationToken)
    {
        var stimuli = outcome.Scores.Select(s => s.ToStimulus()).Concat(outcome.Stages.Select(s => s.ToStimulus()));
        foreach (var batch in stimuli.Chunk(BatchSize))
        {
            await runtime.DispatchAsync(batch, cancellationToken);
        }
    }
}

/// <summary>After a commit: dispatches the changes and, when asked, queues the contacts for segment and stage re-evaluation.</summary>
public sealed class ScoringChangePublisher(IScoringChangeDispatcher dispatcher, ContactChangeQueue queue)
{
    public async Task PublishAsync(ScoringOutcome outcome, bool reevaluate, CancellationToken cancellationToken)
    {
        if (!outcome.Any)
        {
            return;
        }

        if (reevaluate)
        {
            queue.Enqueue(outcome.Scores.Select(s => s.ContactId).Concat(outcome.Stages.Select(s => s.ContactId)).Distinct());
        }

        await dispatcher.DispatchAsync(outcome, cancellationToken);
    }
}
