using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity("Elsa.FlowFork", Category = BuiltIn.CategoryFlow, DisplayName = "Fork", DynamicOutcomes = true, Outcomes = [], Description = "Continues through every named branch at once.")]
public sealed class FlowFork : Activity
{
    [Input(Description = "Branch names, comma separated; each is a port.", Required = true, SupportsExpressions = false)]
    public Input<string[]> Branches { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome((context.Get(Branches) ?? []).Select(b => b.Trim()).Where(b => b.Length > 0).ToList()));
}
