using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity("Elsa.FlowDecision", Category = BuiltIn.CategoryFlow, DisplayName = "Decision", Outcomes = ["True", "False"], Description = "Continues through True or False depending on a condition.")]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition to evaluate.", Required = true, UIHint = UIHints.Code, DefaultSyntax = ExpressionSyntax.JavaScript)]
    public Input<bool> Condition { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(context.Get(Condition) ? "True" : "False"));
}
