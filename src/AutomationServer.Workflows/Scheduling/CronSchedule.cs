using Cronos;

namespace AutomationServer.Workflows.Scheduling;

/// <summary>
/// Parses the cron expressions workflows carry: standard 5-field cron, or 6 fields with seconds
/// first (the form Elsa and Quartz users write). Quartz's 7-field form with a year is not accepted.
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
        var format = fields.Length switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new FormatException($"'{expression}' has {fields.Length} fields; a cron expression has 5, or 6 with seconds first."),
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
