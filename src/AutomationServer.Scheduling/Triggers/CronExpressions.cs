using System.Diagnostics.CodeAnalysis;
using Quartz;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>
/// Turns the cron dialects workflow definitions carry into Quartz's. Six or seven fields are Quartz
/// cron (seconds first, day-of-week 1-7 from Sunday, one of the two day fields '?'); five fields are
/// crontab (minutes first, day-of-week 0-7 with Sunday 0 and 7), which Quartz rewrites into its own
/// form. A six-field expression Quartz rejects is read as crontab with a leading seconds field, the
/// other six-field dialect in circulation.
/// </summary>
public static class CronExpressions
{
    public static bool TryConvertToQuartz(string expression, [NotNullWhen(true)] out string? quartz, out string? error)
    {
        quartz = null;
        var text = string.Join(' ', expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var fieldCount = text.Split(' ').Length;

        // Macros (@daily, ...) mean the same in every dialect and Quartz expands them itself.
        if (text.StartsWith('@') || fieldCount is 6 or 7)
        {
            if (TryParse(text, CronFormat.Quartz, out var parsed, out error))
            {
                quartz = parsed;
                return true;
            }

            var quartzError = error;
            if (fieldCount == 6 && TryParse(text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..], CronFormat.Unix, out var unix, out _))
            {
                // Quartz's crontab rewrite starts with a "0" seconds field; put the given seconds back.
                quartz = text[..text.IndexOf(' ', StringComparison.Ordinal)] + unix[unix.IndexOf(' ', StringComparison.Ordinal)..];
                if (TryParse(quartz, CronFormat.Quartz, out _, out _))
                {
                    error = null;
                    return true;
                }

                quartz = null;
            }

            error = $"'{expression}' is not a valid Quartz cron expression: {quartzError}";
            return false;
        }

        if (fieldCount == 5)
        {
            if (TryParse(text, CronFormat.Unix, out quartz, out error))
            {
                return true;
            }

            error = $"'{expression}' is not a valid cron expression: {error}";
            return false;
        }

        error = $"'{expression}' has {fieldCount} fields; expected 5 (minute hour day month weekday) or 6-7 (Quartz, seconds first)";
        return false;
    }

    private static bool TryParse(string text, CronFormat format, [NotNullWhen(true)] out string? quartz, out string? error)
    {
        try
        {
            quartz = CronExpression.Parse(text, format).CronExpressionString;
            error = null;
            return true;
        }
        catch (FormatException exception)
        {
            quartz = null;
            error = exception.Message;
            return false;
        }
    }
}
