using System.Diagnostics.CodeAnalysis;
using Quartz;
using Crontab = Cronos;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>
/// Turns the cron dialects workflow definitions carry into Quartz's. Six or seven fields are Quartz
/// cron (seconds first, day-of-week 1-7 from Sunday); five fields are crontab (minutes first,
/// day-of-week 0-7 with Sunday 0 and 7), which Quartz rewrites into its own form. A six-field
/// expression Quartz rejects is read as crontab with a leading seconds field, the other six-field
/// dialect in circulation. Quartz's parser lets out-of-range numbers through (minute 99 becomes every
/// minute), so field ranges are checked with Cronos as well.
/// </summary>
public static class CronExpressions
{
    public static bool TryConvertToQuartz(string expression, [NotNullWhen(true)] out string? quartz, out string? error)
    {
        quartz = null;
        var text = string.Join(' ', expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var fields = text.Length == 0 ? [] : text.Split(' ');

        if (text.StartsWith('@'))
        {
            // Macros (@daily, ...) mean the same in every dialect and Quartz expands them itself.
            if (TryParseQuartz(text, CronFormat.Quartz, out quartz, out error))
            {
                return true;
            }
        }
        else if (fields.Length == 5)
        {
            if (IsInRange(text, Crontab.CronFormat.Standard, out error) && TryParseQuartz(text, CronFormat.Unix, out quartz, out error))
            {
                return true;
            }
        }
        else if (fields.Length is 6 or 7)
        {
            var withSeconds = string.Join(' ', fields[..6]);
            if (TryParseQuartz(text, CronFormat.Quartz, out var parsed, out var quartzError))
            {
                if (IsInRange(withSeconds, Crontab.CronFormat.IncludeSeconds, out error))
                {
                    quartz = parsed;
                    return true;
                }
            }
            else if (fields.Length == 6 && IsInRange(text, Crontab.CronFormat.IncludeSeconds, out _) &&
                     TryParseQuartz(string.Join(' ', fields[1..]), CronFormat.Unix, out var unix, out _))
            {
                // Quartz's crontab rewrite starts with a "0" seconds field; put the given seconds back.
                quartz = fields[0] + unix[unix.IndexOf(' ', StringComparison.Ordinal)..];
                error = null;
                return true;
            }
            else
            {
                error = quartzError;
            }
        }
        else
        {
            error = $"'{expression}' has {fields.Length} fields; expected 5 (minute hour day month weekday) or 6-7 (Quartz, seconds first)";
            return false;
        }

        error = $"'{expression}' is not a valid cron expression: {error}";
        return false;
    }

    private static bool TryParseQuartz(string text, CronFormat format, [NotNullWhen(true)] out string? quartz, out string? error)
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

    private static bool IsInRange(string text, Crontab.CronFormat format, out string? error)
    {
        try
        {
            _ = Crontab.CronExpression.Parse(text, format);
            error = null;
            return true;
        }
        catch (Crontab.CronFormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }
}
