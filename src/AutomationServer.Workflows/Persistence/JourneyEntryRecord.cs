namespace AutomationServer.Workflows.Persistence;

/// <summary>
/// How often a correlation id (a contact) entered a journey, for its entry rule. Written in the same commit as the
/// instance it started, guarded by <see cref="Revision"/>, so two nodes starting the same contact at once conflict.
/// </summary>
public sealed class JourneyEntryRecord
{
    public string DefinitionId { get; set; } = "";

    public string CorrelationId { get; set; } = "";

    public DateTime FirstStartedAt { get; set; }

    public DateTime LastStartedAt { get; set; }

    public int Count { get; set; }

    /// <summary>The occasion of the last start (a broadcast run, say; see <c>Stimulus.EntryKey</c>): the same occasion never starts the contact twice.</summary>
    public string? LastEntryKey { get; set; }

    public int Revision { get; set; }
}

/// <summary>
/// A journey entry a commit writes: the row with its new values and the revision it was read at (null when no row
/// existed). The commit fails with <see cref="ConcurrencyConflictException"/> when the stored row moved on meanwhile.
/// </summary>
public sealed class JourneyEntryClaim(JourneyEntryRecord row, int? loadedRevision)
{
    public JourneyEntryRecord Row { get; } = row;

    public int? LoadedRevision { get; } = loadedRevision;
}

/// <summary>Identifies a journey entry row.</summary>
public readonly record struct JourneyEntryKey(string DefinitionId, string CorrelationId);
