namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// Email tracking settings: <c>Messaging:PublicBaseUrl</c> and the <c>Messaging:Tracking</c> section. Checked at start by
/// <see cref="EmailTrackingOptionsValidator"/>.
/// </summary>
public sealed class EmailTrackingOptions
{
    public const string SectionName = "Messaging:Tracking";
    public const string PublicBaseUrlKey = "Messaging:PublicBaseUrl";
    public const string DefaultPublicBaseUrl = "http://localhost:5080";

    /// <summary>Where recipients reach this server (absolute http(s) URL, may have a path); every tracking link starts with it.</summary>
    public string PublicBaseUrl { get; set; } = DefaultPublicBaseUrl;

    /// <summary>
    /// The HMAC key for tracking links, base64, at least 32 bytes. Unset: a key is generated on first start and kept in
    /// the database (see <see cref="TrackingSigningKey"/>). Changing it breaks every link already sent.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a preference-centre link works; unsubscribe links never expire (RFC 8058 expects them to keep working).</summary>
    public TimeSpan PreferencesLinkLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Page requests (unsubscribe, preferences, confirmation) per minute from one client IP address.</summary>
    public int PageRequestsPerMinute { get; set; } = 60;
}
