namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Something that happened and may start or resume workflows: a stimulus name (usually an activity
/// type such as <c>Elsa.Event</c>), the key that narrows it (the event name), its payload, and
/// optionally the correlation id of the only instances it may resume.
/// </summary>
public sealed record Stimulus(string Name, object? Key, object? Payload = null, string? CorrelationId = null)
{
    public string Hash { get; } = StimulusHasher.Hash(Name, Key);

    /// <summary>
    /// The occasion this stimulus belongs to (e.g. <c>broadcast:&lt;run id&gt;</c>). With a correlation id, a trigger
    /// starts at most one instance per definition, correlation id and occasion: the key is kept in the journey entry row
    /// written with the instance, so a start redone after a crash is declined whatever the journey's entry rule.
    /// </summary>
    public string? EntryKey { get; init; }
}

/// <summary>What a dispatch did: instances started from triggers and instances resumed from bookmarks.</summary>
public sealed record DispatchResult(IReadOnlyList<Guid> Started, IReadOnlyList<Guid> Resumed)
{
    /// <summary>Starts that a journey's entry rule declined (a contact that already entered, say). Not errors.</summary>
    public int Declined { get; init; }

    public static readonly DispatchResult None = new([], []);
}
