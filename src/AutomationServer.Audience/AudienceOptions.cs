namespace AutomationServer.Audience;

/// <summary>The <c>Audience</c> configuration section.</summary>
public sealed class AudienceOptions
{
    public const string SectionName = "Audience";

    /// <summary>ISO 3166 region (e.g. <c>DE</c>) for phone numbers given without a country code; none: they must start with +.</summary>
    public string? DefaultPhoneRegion { get; set; }

    /// <summary>How long a double opt-in confirmation token stays valid.</summary>
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often every segment is recomputed in full (time windows slide without any change announcing it); zero turns it off.</summary>
    public TimeSpan SegmentReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Command timeout of the whole-segment SQL (create, recompute, reconciliation, preview): computing a segment over
    /// a million contacts takes far longer than a driver's default (Npgsql's 30 s). Zero waits without limit.
    /// </summary>
    public TimeSpan SegmentCommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>IANA zone for date triggers of contacts without a time zone (and with one this server does not know).</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often date triggers (birthdays, trial ends) look for occurrences that fell due; zero turns them off.</summary>
    public TimeSpan DateTriggerScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back a scan reaches after downtime: occurrences older than this when the server comes back are skipped.</summary>
    public TimeSpan DateTriggerCatchUp { get; set; } = TimeSpan.FromDays(1);
}
