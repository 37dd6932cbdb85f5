using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Scheduling;

namespace AutomationServer.Workflows.Activities;

/// <summary>As a trigger, starts the workflow on a cron schedule; reached mid-flow, waits for the next occurrence.</summary>
[Activity("Elsa.Cron", Category = BuiltIn.CategoryScheduling, MaySuspend = true, Description = "Starts the workflow on a cron schedule, or waits for its next occurrence.")]
public sealed class Cron : Activity, ITriggerActivity
{
    [Input(Description = "Cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first.", Required = true, SupportsExpressions = false)]
    [LiteralFormat(LiteralFormats.Cron)]
    public Input<string> CronExpression { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = "Elsa.Cron", Key = context.ActivityId, Schedule = new TriggerSchedule { Cron = context.Get(CronExpression) } }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is not null)
        {
            return ValueTask.FromResult(ActivityResult.Done());
        }

        var next = CronSchedule.Parse(context.Get(CronExpression)).GetNextOccurrence(context.Now, TimeZoneInfo.Utc)
            ?? throw new InvalidOperationException("The cron expression has no future occurrence.");
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer("Elsa.Cron", next)));
    }
}
