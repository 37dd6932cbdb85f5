using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// Runs <see cref="OutboxProcessor"/> in a loop: a full batch is followed by the next at once; otherwise it waits for the
/// poll interval or a wake-up from the engine (<see cref="OutboxWakeup"/>). On stop it claims nothing new and finishes the
/// batch in hand, so stopping the server never sends a message without recording it.
/// </summary>
public sealed class OutboxDispatcher(
    OutboxProcessor processor,
    OutboxWakeup wakeup,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxErrorPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("The outbox dispatcher is off on this node (Messaging:Dispatch:Enabled=false)");
            return;
        }

        if (processor.MissingParts is { } missing)
        {
            logger.LogError("The outbox dispatcher does not run: {Missing}. Queued messages stay in the outbox until it does", missing);
            return;
        }

        // Let the host finish starting before the first claim.
        await Task.Yield();
        var errors = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await processor.DispatchDueAsync(stoppingToken);
                errors = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                errors++;
                var pause = TimeSpan.FromTicks(Math.Min(MaxErrorPause.Ticks, settings.PollInterval.Ticks * (1L << Math.Min(errors, 10))));
                logger.LogError(exception, "Outbox dispatch failed ({Errors} in a row); trying again in {Pause}", errors, pause);
                if (!await WaitAsync(pause, stoppingToken))
                {
                    break;
                }

                continue;
            }

            if (claimed < settings.BatchSize && !await WaitAsync(settings.PollInterval, stoppingToken))
            {
                break;
            }
        }

        logger.LogInformation("The outbox dispatcher stopped");
    }

    private async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await wakeup.WaitAsync(interval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
