using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// The value of a workflow variable, named by the expression: either the bare name or, as Elsa 3 may write it,
/// a JSON object with a <c>name</c> (or <c>id</c>). A variable that does not exist gives null.
/// </summary>
public sealed class VariableExpressionHandler : IExpressionHandler
{
    public string Syntax => ExpressionSyntax.Variable;

    public object? Evaluate(string source, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var name = NameOf(source) ?? throw new ExpressionException("A Variable expression needs a variable name.");
        return scope.Variables.TryGetValue(name, out var value) ? value : null;
    }

    public string? CheckSyntax(string source) =>
        NameOf(source) is null ? "line 1, column 1: a variable name is required" : null;

    private static string? NameOf(string? source)
    {
        var text = source?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!text.StartsWith('{'))
        {
            return text;
        }

        try
        {
            var reference = JsonNode.Parse(text) as JsonObject;
            var name = reference?["name"] ?? reference?["id"];
            return name is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
