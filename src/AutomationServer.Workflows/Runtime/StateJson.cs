using System.Text.Json;
using System.Text.Json.Serialization;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Serialises instance state with source-generated metadata (no reflection on the hot path) and
/// turns the JsonElements that <c>object</c> members come back as into plain CLR values.
/// </summary>
internal static class StateJson
{
    /// <summary>For values of any type (plugin-defined bookmark keys): generated metadata first, reflection as fallback.</summary>
    public static readonly JsonSerializerOptions AnyValueOptions = new()
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            StateJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public static string Serialize(InstanceState state) => JsonSerializer.Serialize(state, StateJsonContext.Default.InstanceState);

    public static InstanceState Deserialize(string json)
    {
        var state = JsonSerializer.Deserialize(json, StateJsonContext.Default.InstanceState) ?? new InstanceState();
        state.Variables = Normalize(state.Variables)!;
        state.Input = Normalize(state.Input);
        state.Output = Normalize(state.Output);
        return state;
    }

    public static string SerializeData(IReadOnlyDictionary<string, string> data) =>
        JsonSerializer.Serialize(data.ToDictionary(p => p.Key, p => p.Value), StateJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string>? DeserializeData(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, StateJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, object?>? Normalize(Dictionary<string, object?>? values)
    {
        if (values is null)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            result[key] = value is JsonElement element ? InputJson.ToClr(element) : value;
        }

        return result;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InstanceState))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
