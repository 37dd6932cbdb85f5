using Cronos;

namespace AutomationServer.Workflows.Scheduling;

/// <summary>
/// The one cron dialect of the server, used by mid-flow waits, scheduled triggers and plugin jobs
/// alike (the scheduler only converts it into Quartz's notation): standard 5-field crontab (minute hour
/// day month weekday), or 6 fields with seconds first; weekdays are 0-7 with Sunday as 0 and 7, or
/// names (MON-FRI); <c>?</c>, <c>L</c>, <c>W</c> and <c>#</c> as in Cronos; macros such as <c>@daily</c>.
/// Quartz's own numbering (1 = Sunday) and its 7-field form with a year are not accepted: one
/// expression must mean the same day whether it starts a workflow or makes one wait.
/// </summary>
public static class CronSchedule
{
    public static CronExpression Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new FormatException("The cron expression is empty.");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is [var macro] && macro.StartsWith('@'))
        {
            return CronExpression.Parse(macro);
        }

        var format = fields.Length switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new FormatException($"'{expression}' has {fields.Length} fields; a cron expression has 5 (minute hour day month weekday), or 6 with seconds first."),
        };

        // Quartz users write '?' for "no specific value"; Cronos understands it in day fields too.
        return CronExpression.Parse(string.Join(' ', fields), format);
    }

    public static string? Validate(string? expression)
    {
        try
        {
            Parse(expression);
            return null;
        }
        catch (CronFormatException ex)
        {
            return ex.Message;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }
}
