using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>As a trigger, starts the workflow at every interval; reached mid-flow, waits one interval.</summary>
[Activity("Elsa.Timer", Category = BuiltIn.CategoryScheduling, MaySuspend = true, Description = "Starts the workflow repeatedly at an interval, or waits one interval.")]
public sealed class Timer : Activity, ITriggerActivity
{
    [Input(Description = "The interval, e.g. 01:00:00.", Required = true, SupportsExpressions = false)]
    public Input<TimeSpan> Interval { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context)
    {
        var interval = context.Get(Interval);
        return [new TriggerRequest { Stimulus = "Elsa.Timer", Key = context.ActivityId, Schedule = new TriggerSchedule { Interval = interval } }];
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.Stimulus is not null
            ? ActivityResult.Done()
            : ActivityResult.Suspend(BookmarkRequest.Timer("Elsa.Timer", context.Now + context.Get(Interval))));
}
