using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;

namespace AutomationServer.Audience.Contacts;

/// <summary>Converts attribute values between JSON and the typed column their definition's type stores them in.</summary>
public static class AttributeValues
{
    // decimal(28,8) leaves 20 digits before the point.
    private static readonly decimal MaxNumber = 99_999_999_999_999_999_999m;

    /// <summary>The row for <paramref name="value"/>, or an error message. A JSON null is not a value (it removes one).</summary>
    public static (ContactAttributeRecord? Row, string? Error) ToRow(Guid contactId, ContactAttributeDefinitionRecord definition, JsonElement value)
    {
        var row = new ContactAttributeRecord { ContactId = contactId, Name = definition.Name };
        switch (definition.Type)
        {
            case AttributeTypes.String when value.ValueKind == JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > AudienceTables.TextValueLength)
                {
                    return (null, $"The value is longer than {AudienceTables.TextValueLength} characters.");
                }

                row.TextValue = text;
                return (row, null);
            case AttributeTypes.Number when value.ValueKind == JsonValueKind.Number:
                if (!value.TryGetDecimal(out var number) || Math.Abs(number) > MaxNumber)
                {
                    return (null, "The number is out of range (at most 20 digits before the decimal point).");
                }

                row.NumberValue = Math.Round(number, 8, MidpointRounding.ToEven);
                return (row, null);
            case AttributeTypes.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                row.BooleanValue = value.GetBoolean();
                return (row, null);
            case AttributeTypes.Date when value.ValueKind == JsonValueKind.String
                                          && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                row.DateValue = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                return (row, null);
            case AttributeTypes.DateTime when value.ValueKind == JsonValueKind.String && TryParseInstant(value.GetString()!, out var instant):
                row.DateValue = instant;
                return (row, null);
            case AttributeTypes.List when value.ValueKind == JsonValueKind.Array:
                if (value.EnumerateArray().Any(item => item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)))
                {
                    return (null, "A list holds strings, numbers or booleans only.");
                }

                var json = JsonSerializer.Serialize(value);
                if (json.Length > AudienceTables.TextValueLength)
                {
                    return (null, $"The list is longer than {AudienceTables.TextValueLength} characters as JSON.");
                }

                row.TextValue = json;
                return (row, null);
            default:
                return (null, Expected(definition.Type));
        }
    }

    public static JsonNode? ToJson(string type, ContactAttributeRecord row) => type switch
    {
        AttributeTypes.String => row.TextValue,
        AttributeTypes.Number => row.NumberValue is { } number ? JsonValue.Create(number) : null,
        AttributeTypes.Boolean => row.BooleanValue,
        AttributeTypes.Date => row.DateValue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        AttributeTypes.DateTime => row.DateValue?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        AttributeTypes.List => row.TextValue is null ? null : JsonNode.Parse(row.TextValue),
        _ => null,
    };

    /// <summary>An ISO 8601 instant with an offset or Z; a time without either would mean a different instant per server.</summary>
    private static bool TryParseInstant(string text, out DateTime utc)
    {
        utc = default;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || !(text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text)))
        {
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }

    private static bool HasOffset(string text) => text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

    private static string Expected(string type) => type switch
    {
        AttributeTypes.String => "Expected a string.",
        AttributeTypes.Number => "Expected a number.",
        AttributeTypes.Boolean => "Expected true or false.",
        AttributeTypes.Date => "Expected a date as \"yyyy-MM-dd\".",
        AttributeTypes.DateTime => "Expected an ISO 8601 date and time with an offset or Z, e.g. \"2025-03-01T09:30:00Z\".",
        AttributeTypes.List => "Expected an array of strings, numbers or booleans.",
        _ => $"The attribute's type '{type}' is unknown.",
    };
}
