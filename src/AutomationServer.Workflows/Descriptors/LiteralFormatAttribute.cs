using AutomationServer.Workflows.Scheduling;

namespace AutomationServer.Workflows.Descriptors;

/// <summary>
/// Marks a string input whose literal value follows a format the validator can check before publish
/// (a cron expression the scheduler would otherwise only reject when it schedules the trigger). The
/// format is also in the input's descriptor, for the designer's editor.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class LiteralFormatAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}

/// <summary>The literal formats the validator knows, and the one place each is checked.</summary>
public static class LiteralFormats
{
    /// <summary>The server's cron dialect (<see cref="CronSchedule"/>).</summary>
    public const string Cron = "cron";

    /// <summary>A 24-hour time of day as HH:mm, e.g. 09:00.</summary>
    public const string TimeOfDay = "time-of-day";

    /// <summary>A duration as <see cref="Definitions.JourneyDuration"/> reads it (<c>4h</c>, <c>PT4H</c>, <c>04:00:00</c>).</summary>
    public const string Duration = "duration";

    /// <summary>Null when <paramref name="value"/> is valid in <paramref name="format"/> (or the format is unknown), else why not.</summary>
    public static string? Check(string format, string value) => format switch
    {
        Cron => CronSchedule.Validate(value),
        TimeOfDay => TimeOnly.TryParseExact(value, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
            ? null
            : "expected a 24-hour time as HH:mm, e.g. 09:00",
        Duration => Definitions.JourneyDuration.TryParse(value, out _) ? null : $"expected {Definitions.JourneyDuration.FormatHelp}.",
        _ => null,
    };
}
