using System.Text.Json;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.Persistence;

/// <summary>How a <see cref="MessageRequest"/> is stored in <see cref="MessageRecord.Request"/>: the one format writer and reader share.</summary>
public static class MessageRequestJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(MessageRequest request) => JsonSerializer.Serialize(request, Options);

    /// <summary>The request, with <see cref="MessageRequest.Data"/> as plain CLR values (strings, numbers, lists, dictionaries).</summary>
    public static MessageRequest Deserialize(string json)
    {
        var request = JsonSerializer.Deserialize<MessageRequest>(json, Options)
            ?? throw new JsonException("The stored message request is empty.");
        var data = new Dictionary<string, object?>(request.Data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in request.Data)
        {
            data[key] = value is JsonElement element ? InputJson.ToClr(element) : value;
        }

        return request with { Data = data };
    }
}
