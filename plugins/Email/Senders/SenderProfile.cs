using AutomationPlugins.Email.Composition;
using AutomationPlugins.Email.Transport;
using MimeKit;

namespace AutomationPlugins.Email.Senders;

/// <summary>A configured sender, ready to send: its addresses, its transport and its DKIM signing.</summary>
internal sealed class SenderProfile(
    string name,
    MailboxAddress from,
    MailboxAddress? returnPath,
    string? messageIdDomain,
    IReadOnlyCollection<string> domains,
    IEmailTransport transport,
    DkimSigning? dkim)
{
    public string Name { get; } = name;

    /// <summary>The From address of messages that name none.</summary>
    public MailboxAddress From { get; } = from;

    /// <summary>The envelope sender (bounces go there); null for the From address of each message.</summary>
    public MailboxAddress? ReturnPath { get; } = returnPath;

    public string? MessageIdDomain { get; } = messageIdDomain;

    /// <summary>From domains this profile sends for (<c>Domains</c> in its settings).</summary>
    public IReadOnlyCollection<string> Domains { get; } = domains;

    public IEmailTransport Transport { get; } = transport;

    public DkimSigning? Dkim { get; } = dkim;
}
