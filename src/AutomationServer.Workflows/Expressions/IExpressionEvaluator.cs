using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// What an expression can see: the workflow's variables (read and write), its input, and who is running.
/// Implemented by the runtime's execution context; the evaluators never see the instance itself.
/// </summary>
public interface IExpressionScope
{
    Guid WorkflowInstanceId { get; }

    string? CorrelationId { get; }

    IReadOnlyDictionary<string, object?> Input { get; }

    /// <summary>Variables by name. Values are plain CLR values: string, long, double, bool, null,
    /// <see cref="Dictionary{TKey, TValue}"/> of string to object, <see cref="List{T}"/> of object.</summary>
    IDictionary<string, object?> Variables { get; }

    /// <summary>The payload of the stimulus being handled (event payload), or null.</summary>
    object? StimulusPayload { get; }
}

/// <summary>Evaluates one expression syntax. Implementations cache parsed expressions and are thread-safe.</summary>
public interface IExpressionHandler
{
    /// <summary>The syntax name as written in workflow JSON (<see cref="ExpressionSyntax"/>).</summary>
    string Syntax { get; }

    /// <summary>Evaluates <paramref name="source"/> and returns a plain CLR value (see <see cref="IExpressionScope.Variables"/>).</summary>
    object? Evaluate(string source, IExpressionScope scope);

    /// <summary>Checks that the expression parses; returns a message with line and column when it does not.</summary>
    string? CheckSyntax(string source);
}

/// <summary>Evaluates any expression of any registered syntax and converts the result to the input's type.</summary>
public interface IExpressionEvaluator
{
    /// <summary>The value of <paramref name="expression"/> converted to <paramref name="targetType"/>.
    /// Throws <see cref="ExpressionException"/> when it fails to evaluate or convert.</summary>
    object? Evaluate(Expression expression, Type targetType, IExpressionScope? scope);

    /// <summary>Null when the expression parses (or is a literal); otherwise a message with line and column. Unknown syntaxes are reported too.</summary>
    string? CheckSyntax(Expression expression);
}

/// <summary>An expression failed to parse, evaluate, or convert to the type its input needs.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
