using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity(BuiltIn.StartType, Category = BuiltIn.CategoryFlow, Description = "Where the flow begins when it is not started by a trigger.")]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
