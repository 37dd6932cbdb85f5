using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Email.Bounces;

/// <summary>The part of <c>Plugins:email</c> the bounce mailbox reads: <c>Plugins:email:Bounces</c>.</summary>
public sealed class BounceMailboxSettings
{
    public BounceOptions Bounces { get; set; } = new();
}

/// <summary><c>Plugins:email:Bounces</c>: the mailbox bounces and complaints arrive in, and how often it is read.</summary>
public sealed class BounceOptions
{
    /// <summary>Cron (five fields, or six with seconds first) of the mailbox poll; every minute by default.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Schedule must be a cron expression, e.g. \"* * * * *\" (every minute).")]
    public string Schedule { get; set; } = "* * * * *";

    public ImapMailboxOptions Imap { get; set; } = new();
}

/// <summary><c>Plugins:email:Bounces:Imap</c>. The poll is on when <see cref="Host"/> is set.</summary>
public sealed class ImapMailboxOptions : IValidatableObject
{
    public string? Host { get; set; }

    /// <summary>0 picks 993 for <see cref="ImapSecurity.SslOnConnect"/>, else 143.</summary>
    [Range(0, 65535, ErrorMessage = "Port must be between 1 and 65535 (0 picks the usual port for Security).")]
    public int Port { get; set; }

    public ImapSecurity Security { get; set; } = ImapSecurity.SslOnConnect;

    /// <summary>Accept a server certificate that does not validate (a self-signed server on the same network). Never on the internet.</summary>
    public bool AllowInvalidCertificate { get; set; }

    public string? UserName { get; set; }

    /// <summary>The password in configuration (prefer <see cref="PasswordSecret"/>).</summary>
    public string? Password { get; set; }

    /// <summary>The name of a plugin secret holding the password: <c>Plugins:email:Secrets:&lt;name&gt;</c>.</summary>
    public string? PasswordSecret { get; set; }

    /// <summary>The folder bounces arrive in.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where handled messages go (created when missing, at the top of the mailbox).</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>Where messages that are not recognised, or not about a message of this server, go for a person to look at.</summary>
    public string UnprocessedFolder { get; set; } = "Unprocessed";

    /// <summary>At most this many messages per run; the rest wait for the next one.</summary>
    [Range(1, 10000, ErrorMessage = "BatchSize must be between 1 and 10000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>Connecting, and each command, may take this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort() => Port != 0 ? Port : Security == ImapSecurity.SslOnConnect ? 993 : 143;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Uri.CheckHostName(Host!.Trim()) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"Host '{Host}' is not a host name or IP address.", [nameof(Host)]);
        }

        if (string.IsNullOrWhiteSpace(UserName))
        {
            yield return new ValidationResult("Host is set but UserName is not: the mailbox needs a login.", [nameof(UserName)]);
        }

        if (string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(PasswordSecret))
        {
            yield return new ValidationResult("Host is set but neither Password nor PasswordSecret is.", [nameof(Password)]);
        }

        if (!string.IsNullOrEmpty(PasswordSecret) && PasswordSecret.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("PasswordSecret is the name of a secret under Plugins:email:Secrets and must not contain ':'.", [nameof(PasswordSecret)]);
        }

        foreach (var (name, value) in new[] { (nameof(Folder), Folder), (nameof(ProcessedFolder), ProcessedFolder), (nameof(UnprocessedFolder), UnprocessedFolder) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult($"{name} must name a folder.", [name]);
            }
        }

        if (string.Equals(ProcessedFolder?.Trim(), Folder?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(UnprocessedFolder?.Trim(), Folder?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"ProcessedFolder and UnprocessedFolder must differ from Folder '{Folder}'.", [nameof(ProcessedFolder)]);
        }
    }
}

/// <summary>How the connection to the IMAP server is protected.</summary>
public enum ImapSecurity
{
    /// <summary>Plain text: only for a server on the same machine or network.</summary>
    None,

    /// <summary>STARTTLS, and fail when the server does not offer it (usually port 143).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 993).</summary>
    SslOnConnect,
}
