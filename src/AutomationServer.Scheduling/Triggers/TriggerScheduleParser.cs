using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>
/// Reads the schedule JSON the engine stores on a trigger: <c>{"cron": "..."}</c> (optionally with
/// <c>"timeZone"</c>), <c>{"interval": "hh:mm:ss"}</c> or <c>{"at": "ISO-8601"}</c>. Every failure comes
/// back as a sentence naming what is wrong, never as an exception.
/// </summary>
public static class TriggerScheduleParser
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    public static bool TryParse(string json, out TriggerSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            error = $"the schedule is not valid JSON ({exception.Message})";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the schedule must be a JSON object with one of \"cron\", \"interval\" or \"at\"";
                return false;
            }

            var cron = ReadString(document.RootElement, "cron");
            var interval = ReadString(document.RootElement, "interval");
            var at = ReadString(document.RootElement, "at");
            var given = (cron is null ? 0 : 1) + (interval is null ? 0 : 1) + (at is null ? 0 : 1);
            if (given != 1)
            {
                error = given == 0
                    ? "the schedule has none of \"cron\", \"interval\" or \"at\" (as a string)"
                    : "the schedule names more than one of \"cron\", \"interval\" and \"at\"";
                return false;
            }

            if (cron is not null)
            {
                return TryParseCron(cron, ReadString(document.RootElement, "timeZone"), out schedule, out error);
            }

            return interval is not null
                ? TryParseInterval(interval, out schedule, out error)
                : TryParseAt(at!, out schedule, out error);
        }
    }

    private static bool TryParseCron(string text, string? timeZoneId, out TriggerSchedule? schedule, out string? error)
    {
        schedule = null;
        var timeZone = TimeZoneInfo.Local;
        if (!string.IsNullOrWhiteSpace(timeZoneId))
        {
            try
            {
                timeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
            }
            catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                error = $"the time zone '{timeZoneId}' is not known on this server";
                return false;
            }
        }

        if (!CronExpressions.TryConvertToQuartz(text, out var quartz, out error))
        {
            return false;
        }

        schedule = new CronTriggerSchedule(quartz, timeZone);
        return true;
    }

    private static bool TryParseInterval(string text, out TriggerSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        var trimmed = text.Trim();
        TimeSpan interval;
        try
        {
            // ISO-8601 durations ("PT15M") are accepted beside .NET's "hh:mm:ss" because JSON tooling writes both.
            interval = trimmed.StartsWith('P') || trimmed.StartsWith('p')
                ? XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant())
                : TimeSpan.Parse(trimmed, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            error = $"the interval '{text}' is not a time span such as \"01:00:00\" or \"PT1H\"";
            return false;
        }

        if (interval < MinimumInterval)
        {
            error = $"the interval '{text}' is shorter than the minimum of {MinimumInterval}";
            return false;
        }

        schedule = new IntervalTriggerSchedule(interval);
        return true;
    }

    private static bool TryParseAt(string text, out TriggerSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        // A time without an offset is taken as UTC, so the meaning does not depend on the server's zone.
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            error = $"the instant '{text}' is not an ISO-8601 date and time";
            return false;
        }

        schedule = new OnceTriggerSchedule(at);
        return true;
    }

    private static string? ReadString(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString())
                    ? property.Value.GetString()
                    : null;
            }
        }

        return null;
    }
}
