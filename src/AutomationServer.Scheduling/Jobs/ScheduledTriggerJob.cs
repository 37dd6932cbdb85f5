using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AutomationServer.Scheduling.Jobs;

/// <summary>Starts a workflow from a scheduled trigger. Its job data holds only the trigger id.</summary>
public sealed class ScheduledTriggerJob(
    IServiceProvider services,
    EngineServiceResolver resolver,
    ILogger<ScheduledTriggerJob> logger) : IJob
{
    public const string Group = "scheduled-triggers";
    public const string TriggerIdKey = "TriggerId";

    public static JobKey KeyFor(Guid triggerId) => new(triggerId.ToString("D"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var idText = context.MergedJobDataMap.GetString(TriggerIdKey);
        if (!Guid.TryParse(idText, out var triggerId))
        {
            logger.LogError("Scheduled job {JobKey} has no valid {Key} in its job data", context.JobDetail.Key, TriggerIdKey);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TriggerId"] = triggerId });
        var runner = resolver.Resolve<IScheduledTriggerRunner>(services, "scheduled triggers");
        if (runner is null)
        {
            return;
        }

        try
        {
            var instanceId = await runner.RunTriggerAsync(triggerId, cancellationToken);
            if (instanceId is null)
            {
                logger.LogInformation("Scheduled trigger {TriggerId} no longer exists; nothing started", triggerId);
            }
            else
            {
                logger.LogInformation("Scheduled trigger {TriggerId} started instance {InstanceId}", triggerId, instanceId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The schedule stays in force: one failed start must not stop the next occurrence.
            logger.LogError(exception, "Scheduled trigger {TriggerId} failed to start its workflow", triggerId);
        }
    }
}
