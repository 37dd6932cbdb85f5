using AutomationServer.Scheduling.Jobs;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AutomationServer.Scheduling.Triggers;

public readonly record struct TriggerSyncResult(bool Ran, int Scheduled, int Unchanged, int Removed, int Invalid);

/// <summary>
/// Makes Quartz's jobs in the <see cref="ScheduledTriggerJob.Group"/> group match the triggers with a
/// schedule: one job per trigger id, added, replaced when its schedule changed, left alone otherwise
/// (so an interval keeps its rhythm), and removed when its trigger is gone or its schedule is invalid.
/// </summary>
public sealed class TriggerScheduleSynchronizer(
    ISchedulerFactory schedulerFactory,
    IServiceScopeFactory scopes,
    EngineServiceResolver resolver,
    TimeProvider time,
    ILogger<TriggerScheduleSynchronizer> logger) : ITriggerScheduleObserver
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task OnTriggersChangedAsync(string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            await SynchronizeAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The definition is already published; the periodic resync repairs the schedule.
            logger.LogError(exception, "Could not update scheduled triggers after definition {DefinitionId} changed", definitionId);
        }
    }

    public async Task<TriggerSyncResult> SynchronizeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = resolver.Resolve<IWorkflowRuntimeStore>(scope.ServiceProvider, "scheduled-trigger synchronisation");
            if (store is null)
            {
                return default;
            }

            var triggers = await store.LoadTriggersAsync(cancellationToken);
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            var existingKeys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ScheduledTriggerJob.Group), cancellationToken);
            var existing = existingKeys.Count == 0
                ? []
                : (await scheduler.GetJobDetails(existingKeys, cancellationToken)).ToDictionary(job => job.Key);

            var now = time.GetUtcNow();
            var desired = new Dictionary<JobKey, (TriggerRecord Trigger, TriggerSchedule Schedule)>();
            var invalid = 0;
            foreach (var trigger in triggers)
            {
                if (string.IsNullOrWhiteSpace(trigger.Schedule))
                {
                    continue;
                }

                var key = ScheduledTriggerJob.KeyFor(trigger.Id);
                if (!TriggerScheduleParser.TryParse(trigger.Schedule, out var schedule, out var error))
                {
                    invalid++;
                    logger.LogError(
                        "Trigger {TriggerId} (activity {ActivityId} of workflow {DefinitionId}) is not scheduled: {Reason}",
                        trigger.Id, trigger.ActivityId, trigger.DefinitionId, error);
                    continue;
                }

                if (schedule is OnceTriggerSchedule once && once.At <= now && !existing.ContainsKey(key))
                {
                    // Either it already fired (Quartz deleted the finished job) or it was published too late.
                    logger.LogInformation("Trigger {TriggerId} of workflow {DefinitionId} is due at {At}, which has passed; not scheduled",
                        trigger.Id, trigger.DefinitionId, once.At);
                    continue;
                }

                desired[key] = (trigger, schedule!);
            }

            var obsolete = existing.Keys.Where(key => !desired.ContainsKey(key)).ToList();
            if (obsolete.Count > 0)
            {
                await scheduler.DeleteJobs(obsolete, cancellationToken);
            }

            var scheduled = 0;
            foreach (var (key, (trigger, schedule)) in desired)
            {
                if (existing.TryGetValue(key, out var job) && job.JobDataMap.GetString(QuartzTriggerFactory.ScheduleKey) == schedule.Fingerprint)
                {
                    continue;
                }

                await scheduler.ScheduleJob(
                    QuartzTriggerFactory.CreateJob(trigger.Id, trigger.DefinitionId, schedule),
                    [QuartzTriggerFactory.CreateTrigger(trigger.Id, schedule, now)],
                    ScheduleJobOptions.Replacing,
                    cancellationToken);
                scheduled++;
            }

            var result = new TriggerSyncResult(true, scheduled, desired.Count - scheduled, obsolete.Count, invalid);
            if (scheduled + obsolete.Count + invalid > 0)
            {
                logger.LogInformation(
                    "Scheduled triggers synchronised: {Scheduled} scheduled, {Unchanged} unchanged, {Removed} removed, {Invalid} invalid",
                    result.Scheduled, result.Unchanged, result.Removed, result.Invalid);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
