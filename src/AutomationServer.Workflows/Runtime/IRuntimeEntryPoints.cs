namespace AutomationServer.Workflows.Runtime;

/// <summary>Resumes bookmarks whose due time has come. Called repeatedly by the scheduler; safe to call from several nodes.</summary>
public interface IDueBookmarkProcessor
{
    /// <summary>Claims and resumes one batch of due bookmarks. Returns how many were processed (0 when none were due).</summary>
    Task<int> ProcessDueBatchAsync(CancellationToken cancellationToken);

    /// <summary>The earliest due time of waiting bookmarks, so the scheduler can sleep until then.</summary>
    Task<DateTimeOffset?> GetNextDueAtAsync(CancellationToken cancellationToken);
}

/// <summary>Starts workflows from scheduled triggers (cron, interval, instant) when the scheduler fires them.</summary>
public interface IScheduledTriggerRunner
{
    /// <summary>Starts a new instance from the trigger with this id, if it still exists. Returns the new instance id or null.</summary>
    Task<Guid?> RunTriggerAsync(Guid triggerId, CancellationToken cancellationToken);
}

/// <summary>Raised after a definition is published or retracted so the scheduler can resync its scheduled triggers.</summary>
public interface ITriggerScheduleObserver
{
    Task OnTriggersChangedAsync(string definitionId, CancellationToken cancellationToken);
}
