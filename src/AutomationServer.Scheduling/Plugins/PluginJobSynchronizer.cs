using AutomationServer.Plugins.Contributions;
using AutomationServer.Scheduling.Triggers;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AutomationServer.Scheduling.Plugins;

public readonly record struct PluginJobSyncResult(int Scheduled, int Unchanged, int Removed, int Invalid);

/// <summary>
/// Makes Quartz's <see cref="PluginJob.Group"/> jobs match the registered recurring jobs: adds new ones, replaces
/// those whose cron changed, keeps the rest (and their rhythm), removes jobs of plugins or jobs no longer registered.
/// An invalid cron is logged with the plugin id and that job skipped. Crons run in UTC, the same on every node.
/// </summary>
public sealed class PluginJobSynchronizer(
    IEnumerable<RecurringJobRegistration> registrations,
    ISchedulerFactory schedulerFactory,
    ILogger<PluginJobSynchronizer> logger)
{
    // Quartz's SQL Server schema keeps job and trigger names in NVARCHAR(150).
    private const int MaxKeyLength = 150;

    public async Task<PluginJobSyncResult> SynchronizeAsync(CancellationToken cancellationToken)
    {
        var desired = new Dictionary<JobKey, (RecurringJobRegistration Registration, string Cron)>();
        var invalid = 0;
        foreach (var registration in registrations)
        {
            var key = PluginJob.KeyFor(registration.PluginId, registration.Name);
            if (string.IsNullOrWhiteSpace(registration.Name) || key.Name.Length > MaxKeyLength)
            {
                invalid++;
                logger.LogError("Recurring job '{JobName}' of plugin {PluginId} is not scheduled: its name must be non-empty and plugin id and name together at most {MaxLength} characters",
                    registration.Name, registration.PluginId, MaxKeyLength - 1);
                continue;
            }

            if (desired.ContainsKey(key))
            {
                invalid++;
                logger.LogError("Plugin {PluginId} registers recurring job {JobName} twice; only the first is scheduled", registration.PluginId, registration.Name);
                continue;
            }

            if (!CronExpressions.TryConvertToQuartz(registration.Cron, out var quartz, out var error))
            {
                invalid++;
                logger.LogError("Recurring job {JobName} of plugin {PluginId} is not scheduled: {Reason}", registration.Name, registration.PluginId, error);
                continue;
            }

            desired[key] = (registration, quartz);
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var existingKeys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PluginJob.Group), cancellationToken);
        var existing = existingKeys.Count == 0
            ? []
            : (await scheduler.GetJobDetails(existingKeys, cancellationToken)).ToDictionary(job => job.Key);

        var obsolete = existing.Keys.Where(key => !desired.ContainsKey(key)).ToList();
        if (obsolete.Count > 0)
        {
            await scheduler.DeleteJobs(obsolete, cancellationToken);
        }

        var scheduled = 0;
        foreach (var (key, (registration, cron)) in desired)
        {
            if (existing.TryGetValue(key, out var job) && job.JobDataMap.GetString(PluginJob.CronKey) == cron)
            {
                continue;
            }

            var detail = JobBuilder.Create<PluginJob>()
                .WithIdentity(key)
                .WithDescription($"Recurring job {registration.Name} of plugin {registration.PluginId}")
                .UsingJobData(PluginJob.PluginIdKey, registration.PluginId)
                .UsingJobData(PluginJob.JobNameKey, registration.Name)
                .UsingJobData(PluginJob.CronKey, cron)
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(key.Name, key.Group)
                .ForJob(key)
                // After downtime the job runs once for everything it missed, not once per miss.
                .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
            scheduled++;
        }

        var result = new PluginJobSyncResult(scheduled, desired.Count - scheduled, obsolete.Count, invalid);
        if (scheduled + obsolete.Count + invalid > 0)
        {
            logger.LogInformation("Plugin recurring jobs synchronised: {Scheduled} scheduled, {Unchanged} unchanged, {Removed} removed, {Invalid} invalid",
                result.Scheduled, result.Unchanged, result.Removed, result.Invalid);
        }

        return result;
    }
}
