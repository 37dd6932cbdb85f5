using AutomationServer.Audience.Persistence;

namespace AutomationServer.Audience.Scoring;

/// <summary>
/// A score or stage someone set by hand through the contact API is a change like a rule's: it is recorded as a
/// <c>score_changed</c> / <c>stage_changed</c> event (reason <c>manual</c>) and dispatched, so a journey on
/// "stage changed to customer" starts when a sales rep marks the deal won.
/// </summary>
public sealed class ManualScoringChanges(IContactEventStore events, ScoringChangePublisher publisher, TimeProvider clock)
{
    public async Task RecordAsync(Guid contactId, (int Score, string? Stage) before, (int Score, string? Stage) after, CancellationToken cancellationToken)
    {
        var scores = before.Score == after.Score ? [] : new List<ScoreChange> { new(contactId, before.Score, after.Score, null, ScoringReasons.Manual) };
        // A cleared stage is not a stage to arrive at: nothing starts on it.
        var stages = after.Stage is null || string.Equals(before.Stage, after.Stage, StringComparison.Ordinal)
            ? []
            : new List<StageChange> { new(contactId, before.Stage, after.Stage, ScoringReasons.Manual) };
        var outcome = new ScoringOutcome(scores, stages);
        if (!outcome.Any)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var records = scores.Select(s => Event(contactId, ScoreChange.EventName, s.PropertiesJson, now))
            .Concat(stages.Select(s => Event(contactId, StageChange.EventName, s.PropertiesJson, now)))
            .ToList();
        await events.AppendAsync(records, cancellationToken);
        // The contact service queues the contact for segment and stage rules itself.
        await publisher.PublishAsync(outcome, reevaluate: false, cancellationToken);
    }

    private static ContactEventRecord Event(Guid contactId, string name, string properties, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        ContactId = contactId,
        Name = name,
        OccurredAt = now,
        ReceivedAt = now,
        Properties = properties,
    };
}
