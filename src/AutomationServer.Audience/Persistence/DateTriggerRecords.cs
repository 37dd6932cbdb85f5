namespace AutomationServer.Audience.Persistence;

/// <summary>
/// One occurrence of a date trigger claimed for one contact: the unique key (trigger key hash, contact, occurrence
/// instant) is what keeps a birthday from firing twice, across scans, restarts and nodes.
/// </summary>
public sealed class DateTriggerFiringRecord
{
    /// <summary>The stimulus hash of the trigger key (<c>StimulusHasher</c>), shared by every journey with the same key.</summary>
    public string KeyHash { get; set; } = "";

    public Guid ContactId { get; set; }

    /// <summary>The UTC instant the occurrence fell due (the time of day in the contact's zone).</summary>
    public DateTime Occurrence { get; set; }

    public DateTime ClaimedAt { get; set; }
}

/// <summary>How far the date triggers of one key have been scanned: occurrences up to <see cref="ScannedUntil"/> were handled.</summary>
public sealed class DateTriggerScanRecord
{
    public string KeyHash { get; set; } = "";

    /// <summary>The trigger key as JSON, for people reading the table.</summary>
    public string Key { get; set; } = "";

    public DateTime ScannedUntil { get; set; }
}
