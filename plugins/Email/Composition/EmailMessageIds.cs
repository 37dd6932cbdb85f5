using System.Globalization;

namespace AutomationPlugins.Email.Composition;

/// <summary>
/// The <c>Message-ID</c> of a message is derived from the server's message id, which stays the same across
/// retries: a resend after a crash carries the same Message-ID, and a bounce or reply naming it leads back to the message.
/// </summary>
public static class EmailMessageIds
{
    /// <summary><c>{id:N}@{domain}</c>, without angle brackets (MimeKit adds them).</summary>
    public static string Create(Guid messageId, string domain) => $"{messageId:N}@{domain}";

    /// <summary>The server's message id inside a Message-ID this plugin generated (angle brackets optional).</summary>
    public static bool TryParse(string? messageIdHeader, out Guid messageId)
    {
        messageId = Guid.Empty;
        var value = messageIdHeader?.Trim().TrimStart('<').TrimEnd('>');
        var at = value?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at == 32 && Guid.TryParseExact(value.AsSpan(0, at), "N", out messageId);
    }

    /// <summary>The .eml file name of a message in a pickup folder.</summary>
    public static string FileName(Guid messageId) => messageId.ToString("N", CultureInfo.InvariantCulture) + ".eml";
}
