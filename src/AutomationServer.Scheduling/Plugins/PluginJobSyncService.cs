using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Scheduling.Plugins;

/// <summary>Schedules plugins' recurring jobs once the application has started; the set only changes with a restart.</summary>
public sealed class PluginJobSyncService(
    PluginJobSynchronizer synchronizer,
    IHostApplicationLifetime lifetime,
    ILogger<PluginJobSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        try
        {
            await synchronizer.SynchronizeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Never stops the server; the jobs already stored keep running as they were.
            logger.LogError(exception, "Scheduling plugin recurring jobs failed");
        }
    }
}
