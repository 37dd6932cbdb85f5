using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity("Elsa.End", Category = BuiltIn.CategoryFlow, Outcomes = [], Description = "Ends the workflow, stopping every other branch.")]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.CompleteWorkflow());
}
