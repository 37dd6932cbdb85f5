using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>
/// Merges branches. The runner counts arrivals (it knows the inbound connections); by the time this
/// runs, the join condition holds. With WaitAny the runner also cancels waits on the other branches.
/// </summary>
[Activity(BuiltIn.FlowJoinType, Category = BuiltIn.CategoryFlow, DisplayName = "Join", Description = "Continues when any (or all) inbound branches have arrived.")]
public sealed class FlowJoin : Activity
{
    public const string WaitAny = "WaitAny";
    public const string WaitAll = "WaitAll";

    [Input(Description = "WaitAny continues on the first arrival and cancels the other branches; WaitAll waits for every inbound branch.", UIHint = UIHints.Select, Options = [WaitAny, WaitAll], DefaultValue = WaitAny, SupportsExpressions = false)]
    public Input<string> Mode { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
