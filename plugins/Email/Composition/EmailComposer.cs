using AutomationPlugins.Email.Senders;
using AutomationServer.Sdk.Channels;
using MimeKit;

namespace AutomationPlugins.Email.Composition;

/// <summary>
/// Builds the MIME message for one send. Each send gets its own <see cref="MimeMessage"/>: MailKit prepares a
/// message's encodings while sending it, so a message shared between concurrent sends would be corrupted.
/// </summary>
internal static class EmailComposer
{
    public const string SenderProfileHeader = "X-Sender-Profile";
    public const string ReplyToHeader = "Reply-To";

    /// <summary>Headers the composer sets itself or that must not come from a message.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "To", "Cc", "Bcc", "Subject", "Message-ID", "Date", "MIME-Version", "Return-Path",
        "Received", "DKIM-Signature", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
        ReplyToHeader, SenderProfileHeader,
    };

    public static EmailComposition Compose(OutgoingMessage message, SenderProfile profile)
    {
        if (!MailboxAddress.TryParse(message.To, out var recipient) || recipient.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            throw new EmailCompositionException($"'{message.To}' is not an email address.");
        }

        MailboxAddress from;
        if (string.IsNullOrWhiteSpace(message.From))
        {
            from = profile.From;
        }
        else if (!MailboxAddress.TryParse(message.From, out from!) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            throw new EmailCompositionException($"From '{message.From}' is not an email address.");
        }

        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(recipient);
        mime.Subject = message.Subject ?? string.Empty;
        mime.MessageId = EmailMessageIds.Create(message.MessageId, profile.MessageIdDomain ?? from.Domain);

        if (message.Headers.TryGetValue(ReplyToHeader, out var replyTo) && !string.IsNullOrWhiteSpace(replyTo))
        {
            if (!InternetAddressList.TryParse(replyTo, out var replyToList))
            {
                throw new EmailCompositionException($"Reply-To '{replyTo}' is not an email address.");
            }

            mime.ReplyTo.AddRange(replyToList);
        }

        foreach (var (name, value) in message.Headers)
        {
            if (Reserved.Contains(name))
            {
                continue;
            }

            if (!IsHeaderName(name))
            {
                throw new EmailCompositionException($"'{name}' is not a valid header name.");
            }

            mime.Headers.Add(name, value);
        }

        mime.Body = Body(message);
        return new EmailComposition(mime, profile.ReturnPath ?? from, recipient);
    }

    private static MimeEntity Body(OutgoingMessage message)
    {
        var text = string.IsNullOrEmpty(message.Body) ? null : new TextPart("plain") { Text = message.Body };
        var html = string.IsNullOrEmpty(message.HtmlBody) ? null : new TextPart("html") { Text = message.HtmlBody };
        if (text is not null && html is not null)
        {
            // Clients show the last part they understand: plain text first, HTML last.
            return new MultipartAlternative { text, html };
        }

        return (MimeEntity?)html ?? text ?? new TextPart("plain") { Text = string.Empty };
    }

    private static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= 76 && name.All(c => c is > ' ' and <= '~' and not ':');
}

/// <summary>A composed message and its SMTP envelope.</summary>
internal sealed record EmailComposition(MimeMessage Message, MailboxAddress EnvelopeFrom, MailboxAddress Recipient);

/// <summary>The message cannot be turned into an email (bad address, bad header): a permanent failure.</summary>
internal sealed class EmailCompositionException(string message) : Exception(message);
