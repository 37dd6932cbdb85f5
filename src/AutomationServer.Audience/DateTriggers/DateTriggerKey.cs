using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>
/// What a date trigger waits for: the date attribute, the offset in days from it, the local time of day and whether it
/// comes back every year. It is the trigger key of <c>Audience.DateReached</c>, so the published trigger row
/// (<c>TriggerRecord.Key</c>, JSON) tells the scanner what to look for, and a stimulus carrying the same key reaches
/// every journey that waits for it.
/// </summary>
public sealed partial record DateTriggerKey(
    [property: JsonPropertyName("attribute")] string Attribute,
    [property: JsonPropertyName("offsetDays")] int OffsetDays,
    [property: JsonPropertyName("timeOfDay")] string TimeOfDay,
    [property: JsonPropertyName("repeat")] string Repeat)
{
    public const string Yearly = "yearly";
    public const string Once = "once";
    public const string DefaultTimeOfDay = "09:00";
    public const string TimeOfDayFormat = "HH:mm";

    /// <summary>Ten years either way: further than any reminder anyone schedules, and far from DateTime's limits.</summary>
    public const int MaxOffsetDays = 3660;

    [JsonIgnore]
    public TimeOnly Time => TimeOnly.ParseExact(TimeOfDay, TimeOfDayFormat, CultureInfo.InvariantCulture);

    [JsonIgnore]
    public bool IsYearly => Repeat == Yearly;

    /// <summary>Checks and normalises the activity's inputs; empty time of day and repeat take their defaults.</summary>
    /// <exception cref="ArgumentException">An input is invalid; the message names it.</exception>
    public static DateTriggerKey Create(string? attribute, int offsetDays, string? timeOfDay, string? repeat)
    {
        var name = attribute?.Trim() ?? "";
        if (!AttributeName().IsMatch(name))
        {
            throw new ArgumentException($"Attribute: '{attribute}' is not an attribute name (a letter, then letters, digits or _).", nameof(attribute));
        }

        if (Math.Abs(offsetDays) > MaxOffsetDays)
        {
            throw new ArgumentException($"OffsetDays: {offsetDays} is outside -{MaxOffsetDays}..{MaxOffsetDays}.", nameof(offsetDays));
        }

        var time = string.IsNullOrWhiteSpace(timeOfDay) ? DefaultTimeOfDay : timeOfDay.Trim();
        if (CheckTimeOfDay(time) is { } timeError)
        {
            throw new ArgumentException($"TimeOfDay: {timeError}", nameof(timeOfDay));
        }

        var mode = string.IsNullOrWhiteSpace(repeat) ? Yearly : repeat.Trim().ToLowerInvariant();
        if (mode is not (Yearly or Once))
        {
            throw new ArgumentException($"Repeat: '{repeat}' is neither '{Yearly}' nor '{Once}'.", nameof(repeat));
        }

        return new DateTriggerKey(name, offsetDays, time, mode);
    }

    /// <summary>Null when <paramref name="value"/> is a 24-hour HH:mm time, else why not.</summary>
    public static string? CheckTimeOfDay(string value) =>
        TimeOnly.TryParseExact(value, TimeOfDayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"'{value}' is not a time of day as HH:mm (24-hour), e.g. 09:00.";

    /// <summary>Reads the key from a published trigger row; null when the row holds something else (e.g. written by a later version).</summary>
    public static DateTriggerKey? FromTriggerJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var key = JsonSerializer.Deserialize<DateTriggerKey>(json);
            return key is null ? null : Create(key.Attribute, key.OffsetDays, key.TimeOfDay, key.Repeat);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex AttributeName();
}
