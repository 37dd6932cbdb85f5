using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>
/// Works through broadcast runs: at start-up (a run a crash interrupted is resumed after its cursor once its lease ran
/// out), whenever a run is created on this node, and every <see cref="BroadcastOptions.PollInterval"/> for runs whose
/// worker on another node died.
/// </summary>
public sealed class BroadcastWorker(
    BroadcastRunner runner,
    BroadcastSignal signal,
    IOptions<BroadcastOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BroadcastWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The database is migrated while the host starts; looking for runs before that would find no table.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunPendingAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Looking for broadcast runs failed; trying again in {Interval}", options.Value.PollInterval);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
