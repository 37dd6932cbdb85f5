using System.Globalization;
using System.Text.RegularExpressions;

namespace AutomationServer.Audience.Segments.Rules;

/// <summary>A window length written as a whole number and a unit: <c>15m</c>, <c>12h</c>, <c>30d</c>, <c>8w</c>.</summary>
public readonly partial record struct Duration(TimeSpan Span, string Text)
{
    /// <summary>Ten years: longer windows are almost certainly typos and would overflow date arithmetic on some providers.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3660);

    public const string FormatHelp = "a whole number followed by m (minutes), h (hours), d (days) or w (weeks), e.g. \"30d\"";

    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true } || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            return false;
        }

        var days = match.Groups[2].Value switch
        {
            "m" => amount / (24.0 * 60),
            "h" => amount / 24.0,
            "d" => amount,
            _ => amount * 7.0,
        };
        if (days > Max.TotalDays)
        {
            return false;
        }

        var span = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromDays(amount * 7),
        };
        duration = new Duration(span, text!);
        return true;
    }

    public override string ToString() => Text;

    [GeneratedRegex("^([0-9]{1,7})([mhdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
