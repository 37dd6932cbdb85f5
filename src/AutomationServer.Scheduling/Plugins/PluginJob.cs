using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AutomationServer.Scheduling.Plugins;

/// <summary>
/// The Quartz job behind every plugin recurring job. The job store holds only the plugin id and job name, never a
/// plugin type, so stored jobs survive plugin upgrades and a removed plugin's jobs fail soft until they are cleaned up.
/// Concurrent runs of one job are not allowed: an occurrence that outlasts its interval delays the next one.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PluginJob(
    IEnumerable<RecurringJobRegistration> registrations,
    IServiceScopeFactory scopes,
    ILogger<PluginJob> logger) : IJob
{
    public const string Group = "plugin-jobs";
    public const string PluginIdKey = "PluginId";
    public const string JobNameKey = "JobName";
    public const string CronKey = "Cron";

    public static JobKey KeyFor(string pluginId, string jobName) => new($"{pluginId}/{jobName}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var pluginId = context.MergedJobDataMap.GetString(PluginIdKey);
        var jobName = context.MergedJobDataMap.GetString(JobNameKey);
        var registration = registrations.FirstOrDefault(r => r.PluginId == pluginId && r.Name == jobName);
        if (registration is null)
        {
            logger.LogWarning("Recurring job {JobName} of plugin {PluginId} is no longer registered; skipped", jobName, pluginId);
            return;
        }

        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["PluginId"] = registration.PluginId, ["PluginJob"] = registration.Name });
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = (IPluginJob)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, registration.ImplementationType);
            await job.ExecuteAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Swallowed: the trigger stays in force, so the next occurrence runs as scheduled.
            logger.LogError(exception, "Recurring job {JobName} of plugin {PluginId} failed", registration.Name, registration.PluginId);
        }
    }
}
