using System.Collections.ObjectModel;

namespace AutomationServer.Workflows.Expressions;

/// <summary>The scope of an expression evaluated without a workflow instance (e.g. while indexing triggers): nothing to read, nothing to write.</summary>
internal sealed class EmptyExpressionScope : IExpressionScope
{
    public static readonly EmptyExpressionScope Instance = new();

    private EmptyExpressionScope()
    {
    }

    public Guid WorkflowInstanceId => Guid.Empty;

    public string? CorrelationId => null;

    public IReadOnlyDictionary<string, object?> Input { get; } = ReadOnlyDictionary<string, object?>.Empty;

    public IDictionary<string, object?> Variables { get; } = ReadOnlyDictionary<string, object?>.Empty;

    public object? StimulusPayload => null;
}
