namespace AutomationServer.Sdk.Activities;

/// <summary>
/// An expression as written in workflow JSON: a syntax (<see cref="ExpressionSyntax"/>) and its value.
/// Literal values keep their JSON shape (string, number, boolean, object or array).
/// </summary>
public sealed record Expression(string Type, object? Value)
{
    public static Expression Literal(object? value) => new(ExpressionSyntax.Literal, value);
}

/// <summary>
/// Untyped view of an activity input. The engine assigns one to every <see cref="Input{T}"/>
/// property when it loads a workflow; activities read its value through <see cref="ActivityContext.Get{T}"/>.
/// </summary>
public abstract class Input
{
    protected Input(Expression? expression) => Expression = expression;

    /// <summary>Null when the node leaves the input empty.</summary>
    public Expression? Expression { get; }

    public abstract Type ValueType { get; }
}

/// <summary>A typed activity input, bound to a literal or an expression.</summary>
public sealed class Input<T>(Expression? expression) : Input(expression)
{
    public Input(T literal) : this(Expression.Literal(literal)) { }

    public override Type ValueType => typeof(T);
}

/// <summary>An activity output that a node may bind to a workflow variable (Elsa's memory reference).</summary>
public abstract class Output
{
    protected Output(string? variableName) => VariableName = variableName;

    /// <summary>The workflow variable the value is stored in, or null when the node does not capture it.</summary>
    public string? VariableName { get; }
}

public sealed class Output<T>(string? variableName) : Output(variableName);
