using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace AutomationServer.Workflows.Definitions;

/// <summary>
/// Durations people write in journeys: the short form of the segment rule language (<c>15m</c>, <c>4h</c>,
/// <c>30d</c>, <c>8w</c>), ISO 8601 (<c>PT4H</c>, <c>P30D</c>) or Elsa's <c>d.hh:mm:ss</c>. One parser, so an
/// entry period, a wait timeout and a segment window read alike.
/// </summary>
public static partial class JourneyDuration
{
    public const string FormatHelp = "a positive duration such as \"4h\", \"30d\", \"2w\", \"PT4H\" or \"1.00:00:00\"";

    /// <summary>Ten years: a longer duration is almost certainly a typo and overflows date arithmetic.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3660);

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (ShortForm().Match(text) is { Success: true } match
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount <= Max.TotalMinutes)
        {
            duration = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(amount * 7),
            };
        }
        else if (text.StartsWith('P'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
            }
            catch (Exception exception) when (exception is FormatException or OverflowException)
            {
                return false;
            }
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration > TimeSpan.Zero && duration <= Max;
    }

    [GeneratedRegex("^([0-9]{1,7})([mhdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();
}
