namespace AutomationServer.Workflows.Persistence;

/// <summary>
/// The storage operations the runtime's hot path needs. One <see cref="CommitAsync"/> is one
/// database transaction: instance state, bookmarks and side-effect records land together or not at all.
/// </summary>
public interface IWorkflowRuntimeStore
{
    Task<IReadOnlyList<TriggerRecord>> LoadTriggersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Bookmarks waiting for any of these stimuli, in one round trip for a whole batch of events. A key with a
    /// correlation id matches bookmarks with that id or with none; a key without one matches every bookmark of its hash.
    /// At most <paramref name="limit"/> bookmarks are returned.
    /// </summary>
    Task<IReadOnlyList<BookmarkRecord>> FindBookmarksAsync(IReadOnlyCollection<BookmarkKey> keys, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> bookmarks due at <paramref name="nowUtc"/> that no live claim holds,
    /// marking them claimed until <paramref name="claimUntilUtc"/>, and returns them (earliest first).
    /// </summary>
    Task<IReadOnlyList<BookmarkRecord>> ClaimDueBookmarksAsync(DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any unclaimed bookmark, or null when none is scheduled.</summary>
    Task<DateTime?> GetNextDueAtAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkflowInstanceRecord>> LoadInstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<BookmarkRecord>> LoadBookmarksAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The journey entry rows of these (definition, correlation id) pairs that exist.</summary>
    Task<IReadOnlyList<JourneyEntryRecord>> LoadJourneyEntriesAsync(IReadOnlyCollection<JourneyEntryKey> keys, CancellationToken cancellationToken);

    /// <summary>True when an instance of the definition with this correlation id is running, waiting or faulted.</summary>
    Task<bool> HasActiveInstanceAsync(string definitionId, string correlationId, CancellationToken cancellationToken);

    /// <summary>Commits atomically. Throws <see cref="ConcurrencyConflictException"/> (and commits nothing) when
    /// an updated instance's revision moved on, a consumed bookmark is gone, or a journey entry changed.</summary>
    Task CommitAsync(WorkflowCommit commit, CancellationToken cancellationToken);
}

/// <summary>What a stimulus looks for among waiting bookmarks: its hash, and the correlation id it carries, if any.</summary>
public readonly record struct BookmarkKey(string Hash, string? CorrelationId);

/// <summary>Everything one runtime step changes, applied in a single transaction.</summary>
public sealed class WorkflowCommit
{
    public List<WorkflowInstanceRecord> NewInstances { get; } = [];

    /// <summary>Instances to update; each record's <see cref="WorkflowInstanceRecord.Revision"/> is the revision that was loaded and is incremented by the commit.</summary>
    public List<WorkflowInstanceRecord> UpdatedInstances { get; } = [];

    public List<BookmarkRecord> NewBookmarks { get; } = [];

    /// <summary>Bookmarks a resumption consumed: each must still exist, or the commit is a conflict.</summary>
    public List<Guid> ConsumedBookmarkIds { get; } = [];

    /// <summary>Bookmarks to drop if still there (cancelled waits, ended instances).</summary>
    public List<Guid> RemovedBookmarkIds { get; } = [];

    public List<IncidentRecord> NewIncidents { get; } = [];

    public List<IncidentRecord> UpdatedIncidents { get; } = [];

    /// <summary>Outbox rows the steps queued: sent by the send pipeline once this commit holds.</summary>
    public List<MessageRecord> NewMessages { get; } = [];

    /// <summary>Journey entries the new instances make; each must still have the revision it was read at.</summary>
    public List<JourneyEntryClaim> JourneyEntries { get; } = [];

    public bool IsEmpty => JourneyEntries.Count == 0 && NewMessages.Count == 0 && NewInstances.Count == 0 && UpdatedInstances.Count == 0 && NewBookmarks.Count == 0 &&
                           ConsumedBookmarkIds.Count == 0 && RemovedBookmarkIds.Count == 0 && NewIncidents.Count == 0 && UpdatedIncidents.Count == 0;
}

/// <summary>Another thread or node changed an instance (or consumed its bookmark) first; nothing was committed.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
