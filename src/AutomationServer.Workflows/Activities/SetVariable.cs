using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

[Activity("Elsa.SetVariable", Category = BuiltIn.CategoryPrimitives, Description = "Sets a workflow variable.")]
public sealed class SetVariable : Activity
{
    /// <summary>Elsa writes the variable as an object (<c>{"id": ..., "name": ...}</c>); a plain name works too.</summary>
    [Input(Description = "The variable to set.", Required = true, UIHint = UIHints.VariablePicker, SupportsExpressions = false)]
    public Input<object> Variable { get; set; } = default!;

    [Input(Description = "The value.", UIHint = UIHints.MultiLine)]
    public Input<object> Value { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.Get(Variable) switch
        {
            string text => text,
            IReadOnlyDictionary<string, object?> reference => (reference.GetValueOrDefault("id") ?? reference.GetValueOrDefault("name")) as string,
            _ => null,
        } ?? throw new InvalidOperationException("SetVariable has no variable.");

        context.SetVariable(name, context.Get(Value));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
