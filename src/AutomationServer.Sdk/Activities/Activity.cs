namespace AutomationServer.Sdk.Activities;

/// <summary>
/// Base class of every activity. One instance is created per workflow node when a workflow version
/// is loaded, with its <see cref="Input{T}"/> and <see cref="Output{T}"/> properties bound from the
/// node's JSON, and is shared by every execution of that node: keep per-execution state in the
/// context, never in fields.
/// </summary>
public abstract class Activity
{
    /// <summary>Runs the activity when the flow reaches it (or when its trigger started the workflow).</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Continues after one of this activity's bookmarks was resumed. Default: leave through <c>Done</c>.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>
/// Implemented by activities that can start a workflow (events, schedules, webhooks). The engine asks
/// for the triggers when a version is published and indexes them by stimulus hash.
/// </summary>
public interface ITriggerActivity
{
    IEnumerable<TriggerRequest> GetTriggers(TriggerContext context);
}

/// <summary>A trigger to index: a stimulus name and key, and optionally a schedule that fires it.</summary>
public sealed record TriggerRequest
{
    public required string Stimulus { get; init; }

    public object? Key { get; init; }

    /// <summary>A schedule makes the host fire the stimulus itself (cron, interval or one instant).</summary>
    public TriggerSchedule? Schedule { get; init; }
}

/// <summary>When a scheduled trigger fires. Exactly one of the members is set.</summary>
public sealed record TriggerSchedule
{
    public string? Cron { get; init; }

    /// <summary>The IANA time zone a <see cref="Cron"/> is read in; null = the server's local zone.</summary>
    public string? TimeZone { get; init; }

    public TimeSpan? Interval { get; init; }

    public DateTimeOffset? At { get; init; }
}

/// <summary>What a trigger activity may use while being indexed: literal inputs only, no instance.</summary>
public abstract class TriggerContext
{
    public abstract string ActivityId { get; }

    /// <summary>Evaluates an input without an instance (literals and instance-free expressions).</summary>
    public abstract T? Get<T>(Input<T>? input);
}
