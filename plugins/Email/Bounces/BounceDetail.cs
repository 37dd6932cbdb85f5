using System.Globalization;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Bounces;

/// <summary>The text a bounce's delivery event carries, and how an enhanced status code (RFC 3463) is classified.</summary>
public static class BounceDetail
{
    /// <summary>Delivery event details are stored on the message row and shown to operators: long diagnostics are cut.</summary>
    public const int MaxLength = 400;

    /// <summary><c>"{status} {diagnostic}"</c> without the diagnostic type (<c>smtp;</c>), whitespace folded, at most <see cref="MaxLength"/> characters.</summary>
    public static string Format(string? status, string? diagnostic)
    {
        var text = Fold(WithoutType(diagnostic));
        var detail = string.IsNullOrEmpty(status) ? text : string.IsNullOrEmpty(text) ? status : $"{status} {text}";
        return detail.Length <= MaxLength ? detail : detail[..MaxLength];
    }

    /// <summary>
    /// Hard when the status says the address itself is bad or gone; soft for every other failure. Only these permanent
    /// codes are hard: <c>5.0.0</c> (an unspecified permanent failure, what several servers answer for an unknown user),
    /// <c>5.1.x</c> (addressing: no such user, bad mailbox or domain), <c>5.2.1</c> (mailbox disabled) and <c>5.4.4</c>
    /// (the domain cannot be routed). Other permanent codes — mailbox full (<c>5.2.2</c>), message too big, policy and
    /// spam rejections (<c>5.7.x</c>), network trouble — say nothing definite about the address: a reputation block of
    /// our own server must not suppress every address behind it, so they count as soft and reach the threshold only
    /// when they keep happening. Null when the text holds no enhanced status.
    /// </summary>
    public static BounceType? Classify(string? status)
    {
        if (!TryParseStatus(status, out var @class, out var subject, out var detail))
        {
            return null;
        }

        if (@class == 4)
        {
            return BounceType.Soft;
        }

        var hard = (subject, detail) switch
        {
            (0, 0) => true,
            (1, _) => true,
            (2, 1) => true,
            (4, 4) => true,
            _ => false,
        };
        return hard ? BounceType.Hard : BounceType.Soft;
    }

    /// <summary>The first enhanced status code (<c>4.x.x</c> or <c>5.x.x</c>) in a text, e.g. a diagnostic line.</summary>
    public static string? FindStatus(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var token in text.Split([' ', '\t', '\r', '\n', '(', ')', '[', ']', ';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseStatus(token, out _, out _, out _))
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>An RFC 3463 status: class 2, 4 or 5, then a subject of 0-999 and a detail of 0-999, e.g. <c>5.1.1</c>.</summary>
    public static bool TryParseStatus(string? status, out int @class, out int subject, out int detail)
    {
        @class = subject = detail = 0;
        var parts = status?.Trim().Split('.');
        return parts is { Length: 3 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out @class) && @class is 2 or 4 or 5
            && parts[1].Length is > 0 and <= 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out subject)
            && parts[2].Length is > 0 and <= 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out detail);
    }

    /// <summary>DSN fields carry a type before the value (<c>rfc822; ada@example.org</c>, <c>smtp; 550 ...</c>).</summary>
    internal static string? WithoutType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var type = semicolon > 0 ? value[..semicolon].Trim() : "";
        return type.Length > 0 && type.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? value[(semicolon + 1)..].Trim() : value.Trim();
    }

    private static string Fold(string? text) =>
        string.IsNullOrEmpty(text) ? "" : string.Join(' ', text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
