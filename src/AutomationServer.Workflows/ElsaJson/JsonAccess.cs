using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>Reads scalar values out of a <see cref="JsonNode"/> tree without throwing on unexpected shapes.</summary>
internal static class JsonAccess
{
    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static string? AsString(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    public static bool TryInt(JsonNode? node, out int result)
    {
        result = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out result);
    }

    public static bool TryFiniteDouble(JsonNode? node, out double result)
    {
        result = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out result) && double.IsFinite(result);
    }

    /// <summary>How a node's kind reads in a message: "a number", "an array"...</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length == 0 ? "an empty string" : "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "an unknown value",
    };
}
