using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity("Elsa.Delay", Category = BuiltIn.CategoryScheduling, MaySuspend = true, Description = "Waits for a duration.")]
public sealed class Delay : Activity
{
    [Input(Description = "How long to wait, e.g. 00:00:20 or 2.00:00:00.", Required = true)]
    public Input<TimeSpan> TimeSpan { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer("Elsa.Delay", context.Now + context.Get(TimeSpan))));
}
