using AutomationServer.Scheduling.Configuration;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>
/// Synchronises scheduled triggers once the application has started, then again periodically as a
/// safety net for a change notification that failed or a database that was briefly unreachable.
/// </summary>
public sealed class TriggerScheduleSyncService(
    TriggerScheduleSynchronizer synchronizer,
    IHostApplicationLifetime lifetime,
    IOptions<AutomationSchedulingOptions> options,
    TimeProvider time,
    ILogger<TriggerScheduleSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var interval = options.Value.TriggerResyncInterval;
        do
        {
            try
            {
                await synchronizer.SynchronizeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Synchronising scheduled triggers failed; retrying in {Interval}", interval);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (!stoppingToken.IsCancellationRequested);
    }
}
