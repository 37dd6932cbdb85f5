using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Webhook;

/// <summary>
/// Settings from <c>Plugins:webhook</c> in appsettings.json. The signing key is a secret:
/// <c>Plugins:webhook:Secrets:SigningKey</c> (an environment variable on a production server).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>How long to wait for the receiver's answer before trying again later.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Timeout must be between 1 second and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The request header carrying <c>sha256=&lt;hex HMAC of the body&gt;</c> when a signing key is configured.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]+$", ErrorMessage = "SignatureHeader must be a header name (letters, digits and dashes).")]
    public string SignatureHeader { get; set; } = "X-Webhook-Signature";
}
