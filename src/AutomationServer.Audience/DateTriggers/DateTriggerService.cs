using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>Runs <see cref="DateTriggerScanner"/> once at start (catching up on downtime) and then every <see cref="AudienceOptions.DateTriggerScanInterval"/>.</summary>
public sealed class DateTriggerService(
    DateTriggerScanner scanner,
    IOptions<AudienceOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<DateTriggerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DateTriggerScanInterval;
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Date triggers are off (Audience:DateTriggerScanInterval is {Interval})", interval);
            return;
        }

        // The database is migrated while the host starts; scanning before that would find no tables.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await scanner.ScanAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Scanning date triggers failed; it runs again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
