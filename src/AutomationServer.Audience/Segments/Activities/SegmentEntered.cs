using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Audience.Segments.Activities;

/// <summary>Starts a workflow for a contact entering the segment, or, reached mid-flow, waits for this contact to enter it.</summary>
[Activity(SegmentChange.EnteredStimulus, Category = SegmentActivities.Category, MaySuspend = true,
    Description = "Starts or resumes the workflow when a contact enters the segment.")]
public sealed class SegmentEntered : Activity, ITriggerActivity
{
    [Input(Description = "The id of the segment.", Required = true, UIHint = UIHints.SegmentPicker, SupportsExpressions = false)]
    public Input<string> SegmentId { get; set; } = default!;

    [Output(Description = "The contact id and segment id.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = SegmentChange.EnteredStimulus, Key = context.Get(SegmentId) }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        SegmentActivities.StartOrWait(context, SegmentChange.EnteredStimulus, context.Get(SegmentId), Result);

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => SegmentActivities.Resume(context, Result);
}

/// <summary>Starts a workflow for a contact leaving the segment, or, reached mid-flow, waits for this contact to leave it.</summary>
[Activity(SegmentChange.LeftStimulus, Category = SegmentActivities.Category, MaySuspend = true,
    Description = "Starts or resumes the workflow when a contact leaves the segment.")]
public sealed class SegmentLeft : Activity, ITriggerActivity
{
    [Input(Description = "The id of the segment.", Required = true, UIHint = UIHints.SegmentPicker, SupportsExpressions = false)]
    public Input<string> SegmentId { get; set; } = default!;

    [Output(Description = "The contact id and segment id.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = SegmentChange.LeftStimulus, Key = context.Get(SegmentId) }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        SegmentActivities.StartOrWait(context, SegmentChange.LeftStimulus, context.Get(SegmentId), Result);

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => SegmentActivities.Resume(context, Result);
}

internal static class SegmentActivities
{
    public const string Category = "Audience";

    public static ValueTask<ActivityResult> StartOrWait(ActivityContext context, string stimulus, string? segmentId, Output<object> result)
    {
        if (context.Stimulus is { } started)
        {
            context.Set(result, started.Payload);
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest { Stimulus = stimulus, Key = segmentId }));
    }

    public static ValueTask<ActivityResult> Resume(ActivityContext context, Output<object> result)
    {
        context.Set(result, context.Stimulus?.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
