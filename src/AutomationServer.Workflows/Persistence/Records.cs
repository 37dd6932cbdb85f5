namespace AutomationServer.Workflows.Persistence;

// The rows the engine stores. Plain classes so that each database provider maps them with its own
// fluent configuration; times are UTC DateTime because SQLite cannot compare DateTimeOffset in SQL.

public enum DefinitionStatus
{
    Draft,
    Published,
    Retracted,
}

/// <summary>One version of a workflow definition. <see cref="Json"/> is the Elsa 3 definition document.</summary>
public sealed class WorkflowDefinitionRecord
{
    /// <summary>Identifies this version (Elsa's <c>id</c>).</summary>
    public Guid Id { get; set; }

    /// <summary>Identifies the definition across versions (Elsa's <c>definitionId</c>).</summary>
    public string DefinitionId { get; set; } = "";

    public int Version { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public DefinitionStatus Status { get; set; }

    /// <summary>The highest version: the one the designer edits.</summary>
    public bool IsLatest { get; set; }

    /// <summary>The version new instances start on. At most one per definition.</summary>
    public bool IsPublished { get; set; }

    public string Json { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? PublishedAt { get; set; }
}

public enum InstanceStatus
{
    Running,
    Suspended,
    Finished,
    Faulted,
    Cancelled,
}

/// <summary>A running or ended workflow instance. <see cref="State"/> holds variables, join state and journal.</summary>
public sealed class WorkflowInstanceRecord
{
    public Guid Id { get; set; }

    public string DefinitionId { get; set; } = "";

    /// <summary>The definition version the instance started on and stays on.</summary>
    public Guid DefinitionVersionId { get; set; }

    public int DefinitionVersion { get; set; }

    public InstanceStatus Status { get; set; }

    public string? CorrelationId { get; set; }

    public string State { get; set; } = "{}";

    /// <summary>Open incidents; non-zero means an activity faulted and waits for a retry or a person.</summary>
    public int IncidentCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency: every commit increments it and requires the value it loaded.</summary>
    public int Revision { get; set; }
}

/// <summary>A place where an instance waits: for a stimulus with a matching hash, or until <see cref="DueAt"/>.</summary>
public sealed class BookmarkRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public string ActivityId { get; set; } = "";

    public string Stimulus { get; set; } = "";

    /// <summary>Stimulus hash (see <c>StimulusHasher</c>); null for pure timers.</summary>
    public string? Hash { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>When the engine resumes the bookmark by itself; null when only a stimulus can.</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>JSON object of small string data handed back to the activity on resumption.</summary>
    public string? Data { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A node that claimed this due bookmark to resume it holds it until then.</summary>
    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>A trigger of the published version of a definition, indexed by stimulus hash.</summary>
public sealed class TriggerRecord
{
    public Guid Id { get; set; }

    public string DefinitionId { get; set; } = "";

    public Guid DefinitionVersionId { get; set; }

    public string ActivityId { get; set; } = "";

    public string Stimulus { get; set; } = "";

    public string Hash { get; set; } = "";

    /// <summary>JSON of the trigger key (e.g. the event name), for display and scheduling.</summary>
    public string? Key { get; set; }

    /// <summary>JSON of the schedule (cron, interval or instant) for triggers the host fires itself.</summary>
    public string? Schedule { get; set; }
}

public enum IncidentStatus
{
    Open,
    Resolved,
    Cancelled,
}

/// <summary>An activity that faulted: what happened, how many attempts, and whether it is still open.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public string ActivityId { get; set; } = "";

    public string ActivityType { get; set; } = "";

    public string Message { get; set; } = "";

    public string? ExceptionType { get; set; }

    public string? Details { get; set; }

    public int Attempts { get; set; }

    public IncidentStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
