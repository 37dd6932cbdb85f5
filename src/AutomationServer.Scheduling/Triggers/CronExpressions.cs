using System.Diagnostics.CodeAnalysis;
using AutomationServer.Workflows.Scheduling;
using Quartz;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>
/// Converts the server's cron dialect (decided in <see cref="CronSchedule"/>: crontab, 5 fields or 6 with
/// seconds first) into Quartz's notation, which numbers weekdays from Sunday = 1 and needs a <c>?</c> in
/// one of the day fields. Quartz's crontab reader does that rewrite for the last five fields; the seconds
/// field is the same in both notations and is put back in front.
/// </summary>
public static class CronExpressions
{
    public static bool TryConvertToQuartz(string expression, [NotNullWhen(true)] out string? quartz, out string? error)
    {
        quartz = null;
        error = CronSchedule.Validate(expression);
        if (error is not null)
        {
            error = $"'{expression}' is not a valid cron expression: {error}";
            return false;
        }

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            quartz = fields switch
            {
                [var macro] => CronExpression.Parse(macro, CronFormat.Quartz).CronExpressionString,
                { Length: 5 } => ToQuartz(fields),
                _ => fields[0] + ToQuartz(fields[1..])[1..],
            };
            return true;
        }
        catch (FormatException exception)
        {
            error = $"'{expression}' cannot be scheduled: {exception.Message}";
            return false;
        }
    }

    /// <summary>Quartz's rewrite of a 5-field crontab; it starts with a "0" seconds field.</summary>
    private static string ToQuartz(string[] crontab) =>
        CronExpression.Parse(string.Join(' ', crontab), CronFormat.Unix).CronExpressionString;
}
