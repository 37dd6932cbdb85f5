using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Definitions;

/// <summary>
/// Reads activity inputs and outputs in the shapes Elsa 3 writes them:
/// inputs wrapped as <c>{"typeName": ..., "expression": {"type": ..., "value": ...}}</c> or bare literals,
/// outputs as <c>{"typeName": ..., "memoryReference": {"id": ...}}</c>.
/// This is the only place that knows those shapes.
/// </summary>
public static class InputJson
{
    /// <summary>The expression of an input property, or null when the property is missing or empty.</summary>
    public static Expression? ReadExpression(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj when obj.TryGetPropertyValue("expression", out var expressionNode):
                if (expressionNode is not JsonObject expression)
                {
                    return expressionNode is null ? null : Expression.Literal(ToClr(expressionNode));
                }

                var type = expression["type"]?.GetValue<string>() ?? ExpressionSyntax.Literal;
                var value = expression["value"];
                if (value is null)
                {
                    return null;
                }

                return type == ExpressionSyntax.Literal || type == ExpressionSyntax.Object || type == ExpressionSyntax.Json
                    ? new Expression(type, value is JsonValue v && v.GetValueKind() == JsonValueKind.String && type != ExpressionSyntax.Literal ? ParseJsonOrString(v.GetValue<string>()) : ToClr(value))
                    : new Expression(type, value is JsonValue sv && sv.GetValueKind() == JsonValueKind.String ? sv.GetValue<string>() : value.ToJsonString());
            case JsonObject obj when obj.ContainsKey("memoryReference") && !obj.ContainsKey("expression"):
                return null;
            default:
                return Expression.Literal(ToClr(node));
        }
    }

    /// <summary>The variable an output property is bound to (Elsa's memory reference id), or null.</summary>
    public static string? ReadOutputBinding(JsonNode? node) =>
        node is JsonObject obj && obj["memoryReference"] is JsonObject reference ? reference["id"]?.GetValue<string>() : null;

    /// <summary>Converts JSON into the plain CLR values the engine works with (string, double, bool, dictionaries, lists).</summary>
    public static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        JsonArray arr => arr.Select(ToClr).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? (object)l : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    /// <summary>Converts a <see cref="JsonElement"/> (e.g. an API payload) into plain CLR values.</summary>
    public static object? ToClr(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToClr(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToClr).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? ParseJsonOrString(string text)
    {
        try
        {
            return ToClr(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
