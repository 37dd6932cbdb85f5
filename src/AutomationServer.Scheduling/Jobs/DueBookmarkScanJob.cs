using AutomationServer.Scheduling.Configuration;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace AutomationServer.Scheduling.Jobs;

/// <summary>
/// Resumes due timers. Fires every scan interval; an idle system costs one empty batch query per tick,
/// while a backlog is drained batch after batch. A run that uses up its budget returns, and because
/// concurrent runs are not allowed the tick that arrived meanwhile fires as soon as it does, so
/// draining continues without a gap.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueBookmarkScanJob(
    IServiceProvider services,
    EngineServiceResolver resolver,
    IOptions<AutomationSchedulingOptions> options,
    TimeProvider time,
    ILogger<DueBookmarkScanJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-bookmark-scan", "automation");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var processor = resolver.Resolve<IDueBookmarkProcessor>(services, "the due-bookmark scan");
        if (processor is null)
        {
            return;
        }

        try
        {
            var result = await DueBookmarkDrainer.DrainAsync(processor, options.Value.DueBookmarkScanBudget, time, cancellationToken);
            if (result.Processed > 0)
            {
                logger.LogDebug("Resumed {Count} due bookmarks in {Batches} batches ({StoppedBecause})", result.Processed, result.Batches, result.StoppedBecause);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the bookmarks not yet claimed stay due and the next node or start picks them up.
        }
        catch (Exception exception)
        {
            // The next tick retries; throwing would only make Quartz log the same failure again.
            logger.LogError(exception, "The due-bookmark scan failed");
        }
    }
}
