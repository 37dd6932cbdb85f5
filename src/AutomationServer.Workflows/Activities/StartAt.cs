using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>As a trigger, starts the workflow once at an instant; reached mid-flow, waits until then (at once if it has passed).</summary>
[Activity("Elsa.StartAt", Category = BuiltIn.CategoryScheduling, MaySuspend = true, Description = "Starts the workflow at an instant, or waits until it.")]
public sealed class StartAt : Activity, ITriggerActivity
{
    [Input(Description = "The instant, ISO 8601 with offset.", Required = true)]
    public Input<DateTimeOffset> DateTime { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = "Elsa.StartAt", Key = context.ActivityId, Schedule = new TriggerSchedule { At = context.Get(DateTime) } }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is not null)
        {
            return ValueTask.FromResult(ActivityResult.Done());
        }

        var at = context.Get(DateTime);
        return ValueTask.FromResult(at <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer("Elsa.StartAt", at)));
    }
}
