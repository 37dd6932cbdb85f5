using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace AutomationPlugins.Email.Configuration;

/// <summary>How messages of one sender leave the server: <c>Plugins:email:Senders:&lt;name&gt;</c>.</summary>
public sealed class SenderProfileOptions : IValidatableObject
{
    /// <summary>Where messages go: <see cref="EmailTransportKind.Pickup"/> (a folder of .eml files, the default) or <see cref="EmailTransportKind.Smtp"/>.</summary>
    public EmailTransportKind Transport { get; set; } = EmailTransportKind.Pickup;

    /// <summary>The From address used when a message names none, e.g. <c>"Acme &lt;news@acme.example&gt;"</c>.</summary>
    public string From { get; set; } = "AutomationServer <automation@localhost>";

    /// <summary>The envelope sender (SMTP <c>MAIL FROM</c>): where bounces go. Defaults to the From address.</summary>
    public string? ReturnPath { get; set; }

    /// <summary>From domains this profile sends for: a message whose From is in one of them uses this profile.</summary>
    public List<string> Domains { get; set; } = [];

    /// <summary>The domain after the '@' of generated Message-IDs. Defaults to the From address's domain.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>This profile's pickup folder; defaults to <c>Plugins:email:PickupDirectory</c>.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>DKIM signing; off unless <see cref="DkimOptions.Selector"/> is set.</summary>
    public DkimOptions Dkim { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult($"From '{From}' is not an email address (e.g. \"Acme <news@acme.example>\").", [nameof(From)]);
        }

        if (ReturnPath is { } returnPath && !MailboxAddress.TryParse(returnPath, out _))
        {
            yield return new ValidationResult($"ReturnPath '{returnPath}' is not an email address.", [nameof(ReturnPath)]);
        }

        foreach (var domain in Domains.Where(d => !IsDomain(d)))
        {
            yield return new ValidationResult($"Domains: '{domain}' is not a domain name.", [nameof(Domains)]);
        }

        if (MessageIdDomain is { } messageIdDomain && !IsDomain(messageIdDomain))
        {
            yield return new ValidationResult($"MessageIdDomain '{messageIdDomain}' is not a domain name.", [nameof(MessageIdDomain)]);
        }

        if (Transport == EmailTransportKind.Smtp && string.IsNullOrWhiteSpace(Smtp.Host))
        {
            yield return new ValidationResult("Transport is Smtp but Smtp:Host is not set.", [nameof(Transport)]);
        }
    }

    internal static bool IsDomain(string value) =>
        Uri.CheckHostName(value.Trim()) == UriHostNameType.Dns && !value.Contains('@', StringComparison.Ordinal);
}

public enum EmailTransportKind
{
    /// <summary>One .eml file per message in a folder (for a local mail server's pickup directory, or to look at).</summary>
    Pickup,

    /// <summary>An SMTP server, through a pool of persistent connections.</summary>
    Smtp,
}
