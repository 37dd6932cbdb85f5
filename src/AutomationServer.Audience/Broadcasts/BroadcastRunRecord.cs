namespace AutomationServer.Audience.Broadcasts;

/// <summary>
/// One broadcast run: a firing of an <c>Audience.Broadcast</c> trigger (or a start on request) paging through the
/// members of a segment. Unique per (definition, activity, scheduled time), so nodes firing the same schedule share one
/// run. <see cref="Cursor"/> is the last contact handed to the engine; a run resumed after a crash starts after it.
/// </summary>
public sealed class BroadcastRunRecord
{
    public Guid Id { get; set; }

    public string DefinitionId { get; set; } = "";

    public string ActivityId { get; set; } = "";

    /// <summary>The scheduled trigger that fired (informational: republishing a journey creates new trigger rows).</summary>
    public Guid? TriggerId { get; set; }

    /// <summary>Null: every contact.</summary>
    public string? SegmentId { get; set; }

    /// <summary>The schedule's occurrence this run belongs to, or the request time of a start on request (UTC).</summary>
    public DateTime ScheduledFor { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public BroadcastRunStatus Status { get; set; }

    /// <summary>The last contact id handed to the engine, in the database's order of contact ids; null before the first page.</summary>
    public Guid? Cursor { get; set; }

    /// <summary>Contacts handed to the engine (a page redone after a crash is counted once).</summary>
    public int Dispatched { get; set; }

    /// <summary>Instances the engine started.</summary>
    public int Started { get; set; }

    /// <summary>The worker currently paging through the run, and until when it holds it; an expired lease lets another worker resume.</summary>
    public Guid? LeaseId { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public string? Error { get; set; }
}

public enum BroadcastRunStatus
{
    Running,
    Completed,
    Failed,
}
