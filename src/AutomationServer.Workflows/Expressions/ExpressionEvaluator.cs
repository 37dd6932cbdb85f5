using System.Collections.Frozen;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// Evaluates an expression with the handler registered for its syntax and converts the result with
/// <see cref="ValueConverter"/>. The literal family is handled here: <c>Literal</c> is the value itself,
/// <c>Object</c> and <c>Json</c> are JSON (already parsed by the definition reader, or text parsed here).
/// Syntax names match case-insensitively.
/// </summary>
public sealed class ExpressionEvaluator : IExpressionEvaluator
{
    private readonly FrozenDictionary<string, IExpressionHandler> handlers;

    public ExpressionEvaluator(IEnumerable<IExpressionHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var bySyntax = new Dictionary<string, IExpressionHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (var handler in handlers)
        {
            // The last registration wins, so a host can replace a built-in handler.
            bySyntax[handler.Syntax] = handler;
        }

        this.handlers = bySyntax.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public object? Evaluate(Expression expression, Type targetType, IExpressionScope? scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        return ValueConverter.Convert(EvaluateRaw(expression, scope ?? EmptyExpressionScope.Instance), targetType);
    }

    public string? CheckSyntax(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (IsLiteral(expression.Type))
        {
            return null;
        }

        if (IsJson(expression.Type))
        {
            return expression.Value is string json && ValueConverter.CheckJson(json) is { } error ? error : null;
        }

        return handlers.TryGetValue(expression.Type, out var handler)
            ? handler.CheckSyntax(SourceOf(expression))
            : UnknownSyntax(expression.Type);
    }

    private object? EvaluateRaw(Expression expression, IExpressionScope scope)
    {
        if (IsLiteral(expression.Type))
        {
            // The literal belongs to the loaded definition and is shared by every execution of its node.
            return PlainValues.DeepClone(expression.Value);
        }

        if (IsJson(expression.Type))
        {
            return expression.Value is string json ? ValueConverter.ParseJson(json) : PlainValues.DeepClone(expression.Value);
        }

        if (!handlers.TryGetValue(expression.Type, out var handler))
        {
            throw new ExpressionException(UnknownSyntax(expression.Type));
        }

        if (expression.Value is null)
        {
            return null;
        }

        try
        {
            return handler.Evaluate(SourceOf(expression), scope);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ExpressionException($"The {handler.Syntax} expression failed: {e.Message}", e);
        }
    }

    private string UnknownSyntax(string syntax) =>
        $"Unknown expression syntax '{syntax}'. Known syntaxes: {string.Join(", ", KnownSyntaxes())}.";

    private IEnumerable<string> KnownSyntaxes() =>
        new[] { ExpressionSyntax.Literal, ExpressionSyntax.Object, ExpressionSyntax.Json }
            .Concat(handlers.Values.Select(h => h.Syntax))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase);

    private static bool IsLiteral(string syntax) => string.Equals(syntax, ExpressionSyntax.Literal, StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string syntax) =>
        string.Equals(syntax, ExpressionSyntax.Object, StringComparison.OrdinalIgnoreCase)
        || string.Equals(syntax, ExpressionSyntax.Json, StringComparison.OrdinalIgnoreCase);

    /// <summary>Script syntaxes take text; a non-text value (a number written without quotes) is read as its invariant text.</summary>
    private static string SourceOf(Expression expression) => ValueConverter.ToText(expression.Value);
}
