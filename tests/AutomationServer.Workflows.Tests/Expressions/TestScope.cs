using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Tests.Expressions;

internal sealed class TestScope : IExpressionScope
{
    public Guid WorkflowInstanceId { get; init; } = Guid.NewGuid();

    public string? CorrelationId { get; init; }

    public Dictionary<string, object?> InputValues { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Input => InputValues;

    public Dictionary<string, object?> VariableValues { get; init; } = [];

    public IDictionary<string, object?> Variables => VariableValues;

    public object? StimulusPayload { get; init; }

    public static TestScope With(params (string Name, object? Value)[] variables)
    {
        var scope = new TestScope();
        foreach (var (name, value) in variables)
        {
            scope.VariableValues[name] = value;
        }

        return scope;
    }
}
