namespace AutomationServer.Api.Tracking;

/// <summary>
/// The <c>Tracking</c> configuration section: the web sites (sources) allowed to send browser events. A source's
/// write key is public — it sits in the page — so it can only add events and identify visitors, never read.
/// </summary>
public sealed class TrackingOptions
{
    public const string SectionName = "Tracking";

    /// <summary>By name (letters, digits, '-', '_'); the name appears in the idempotency keys of the source's events.</summary>
    public Dictionary<string, TrackingSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest request body; browsers cap keep-alive requests and beacons at 64 KB anyway.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Most calls (page, track, identify, form) in one request.</summary>
    public int MaxCallsPerRequest { get; set; } = 100;

    /// <summary>Requests per minute allowed for one write key from one client IP address.</summary>
    public int RequestsPerMinute { get; set; } = 120;
}

public sealed class TrackingSourceOptions
{
    public string? WriteKey { get; set; }

    /// <summary>Origins (<c>https://www.example.com</c>, scheme, host and port) whose pages may send with this key.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The system of <c>identify({ externalId })</c>: the contact gets the identity <c>external:&lt;system&gt;</c>.
    /// Defaults to the source's name in lower case.
    /// </summary>
    public string? ExternalIdSystem { get; set; }

    /// <summary>
    /// Contact attributes a page may set with <c>identify({ traits })</c>, besides <c>timeZone</c> and <c>locale</c>.
    /// Each must be defined in the attribute schema. Nothing else about a contact can be changed from a browser.
    /// Unset: <see cref="DefaultTraits"/>.
    /// </summary>
    // Null rather than a default list: the configuration binder adds configured items to an existing list.
    public List<string>? Traits { get; set; }

    public static IReadOnlyList<string> DefaultTraits { get; } = ["firstName", "lastName"];
}
