using AutomationServer.Audience.Events;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>A contact entering or leaving a segment.</summary>
public sealed record SegmentChange(string SegmentId, Guid ContactId, bool Entered)
{
    public const string EnteredEvent = "segment_entered";
    public const string LeftEvent = "segment_left";
    public const string EnteredStimulus = AudienceStimuli.SegmentEntered;
    public const string LeftStimulus = AudienceStimuli.SegmentLeft;

    public string EventName => Entered ? EnteredEvent : LeftEvent;

    /// <summary>Key = segment id, correlation id = the contact's "N" Guid, payload = contact and segment ids.</summary>
    public Stimulus ToStimulus() => new(
        Entered ? EnteredStimulus : LeftStimulus,
        SegmentId,
        new Dictionary<string, object?> { ["contactId"] = ContactId.ToString(), ["segmentId"] = SegmentId },
        AudienceStimuli.CorrelationId(ContactId));
}

/// <summary>Hands membership changes to the workflow engine (replaced in tests that run without one).</summary>
public interface ISegmentChangeDispatcher
{
    Task DispatchAsync(IReadOnlyList<SegmentChange> changes, CancellationToken cancellationToken);
}

/// <summary>Dispatches the changes as stimuli in batches, so a segment of a million new members does not become one commit.</summary>
public sealed class WorkflowSegmentChangeDispatcher(WorkflowRuntime runtime) : ISegmentChangeDispatcher
{
    public const int BatchSize = 500;

    public async Task DispatchAsync(IReadOnlyList<SegmentChange> changes, CancellationToken cancellationToken)
    {
        foreach (var batch in changes.Chunk(BatchSize))
        {
            await runtime.DispatchAsync(batch.Select(c => c.ToStimulus()).ToList(), cancellationToken);
        }
    }
}
