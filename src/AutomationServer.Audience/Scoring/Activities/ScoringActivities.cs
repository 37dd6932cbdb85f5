using System.Globalization;
using System.Text.Json;

namespace AutomationServer.Audience.Scoring.Activities;

/// <summary>Reads the fields of a score or stage stimulus, whether it arrives as our dictionary or as JSON.</summary>
internal static class ScoringActivities
{
    public const string Category = "Audience";

    public static string? Text(object? payload, string key) => Field(payload, key) switch
    {
        null => null,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    public static int? Number(object? payload, string key) => Field(payload, key) switch
    {
        int number => number,
        long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
        double number when number == Math.Floor(number) && Math.Abs(number) <= int.MaxValue => (int)number,
        decimal number when number == decimal.Truncate(number) && Math.Abs(number) <= int.MaxValue => (int)number,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var number) => number,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static object? Field(object? payload, string key) => payload switch
    {
        IReadOnlyDictionary<string, object?> dictionary => dictionary.GetValueOrDefault(key),
        IDictionary<string, object?> dictionary => dictionary.TryGetValue(key, out var value) ? value : null,
        JsonElement { ValueKind: JsonValueKind.Object } element when element.TryGetProperty(key, out var value) => value,
        _ => null,
    };
}
