using System.Text.RegularExpressions;

namespace AutomationServer.Messaging.Bounces;

/// <summary>Enhanced mail system status codes (RFC 3463, e.g. <c>5.1.1</c>) inside a delivery event's detail.</summary>
public static partial class EnhancedStatus
{
    /// <summary>The first code in the text, or null.</summary>
    public static string? Find(string? text) => text is null ? null : Pattern().Match(text) is { Success: true } match ? match.Value : null;

    /// <summary>
    /// Whether the text carries a code saying the address itself is bad: <c>5.1.x</c> (no such user, bad mailbox,
    /// bad domain). Policy, content and capacity refusals (<c>5.7.x</c>, <c>5.2.2</c>...) do not.
    /// </summary>
    public static bool IsBadAddress(string? text) => Find(text) is { } code && code.StartsWith("5.1.", StringComparison.Ordinal);

    /// <summary>Whether the first code is temporary (<c>4.x.x</c>).</summary>
    public static bool IsTemporary(string? text) => Find(text) is { } code && code[0] == '4';

    [GeneratedRegex(@"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?!\.?\d)")]
    private static partial Regex Pattern();
}
