using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Email.Configuration;

/// <summary>The SMTP server of a sender profile: <c>Plugins:email:Senders:&lt;name&gt;:Smtp</c>.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public string? Host { get; set; }

    /// <summary>The server's port; 0 picks 465 for <see cref="SmtpSecurity.SslOnConnect"/> and 587 otherwise when authenticating, else 25.</summary>
    [Range(0, 65535, ErrorMessage = "Port must be between 1 and 65535 (0 picks the usual port for Security).")]
    public int Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;

    /// <summary>Accept a server certificate that does not validate (a self-signed relay on the same network). Never on the internet.</summary>
    public bool AllowInvalidCertificate { get; set; }

    /// <summary>The user name to authenticate as; no authentication when empty.</summary>
    public string? UserName { get; set; }

    /// <summary>The password in configuration (prefer <see cref="PasswordSecret"/>).</summary>
    public string? Password { get; set; }

    /// <summary>The name of a plugin secret holding the password: <c>Plugins:email:Secrets:&lt;name&gt;</c>.</summary>
    public string? PasswordSecret { get; set; }

    /// <summary>The name this server gives itself in EHLO; defaults to the machine's name.</summary>
    public string? LocalDomain { get; set; }

    /// <summary>How many connections send in parallel.</summary>
    [Range(1, 64, ErrorMessage = "PoolSize must be between 1 and 64.")]
    public int PoolSize { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "ConnectTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one SMTP command may wait for its answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "CommandTimeout must be between 1 second and 10 minutes.")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection idle longer than this is checked with NOOP before it is used again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "IdleCheckAfter must be between 0 and 1 hour.")]
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection idle longer than this is closed instead of reused (servers drop idle sessions after a few minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "MaxIdleTime must be between 1 second and 1 hour.")]
    public TimeSpan MaxIdleTime { get; set; } = TimeSpan.FromMinutes(2);

    public int EffectivePort() => Port != 0 ? Port
        : Security == SmtpSecurity.SslOnConnect ? 465
        : string.IsNullOrEmpty(UserName) ? 25 : 587;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Host) && Uri.CheckHostName(Host.Trim()) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"Host '{Host}' is not a host name or IP address.", [nameof(Host)]);
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(PasswordSecret))
        {
            yield return new ValidationResult("UserName is set but neither Password nor PasswordSecret is.", [nameof(UserName)]);
        }

        if (!string.IsNullOrEmpty(PasswordSecret) && PasswordSecret.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("PasswordSecret is the name of a secret under Plugins:email:Secrets and must not contain ':'.", [nameof(PasswordSecret)]);
        }
    }
}

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same machine or network.</summary>
    None,

    /// <summary>STARTTLS, and fail when the server does not offer it.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
