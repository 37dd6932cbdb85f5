using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>
/// Recomputes every segment on a fixed interval. Incremental updates keep members current on every change; this
/// catches what no change announces: time windows sliding past ("no order in 30 days" becomes true on its own).
/// </summary>
public sealed class SegmentReconciliationService(
    IServiceScopeFactory scopes,
    IOptions<AudienceOptions> options,
    TimeProvider clock,
    ILogger<SegmentReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SegmentReconcileInterval;
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Scheduled segment reconciliation is off (Audience:SegmentReconcileInterval is {Interval})", interval);
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var results = await scope.ServiceProvider.GetRequiredService<SegmentMembershipService>().ReconcileAllAsync(stoppingToken);
                logger.LogInformation("Reconciled {Count} segments: {Entered} entered, {Left} left", results.Count, results.Sum(r => r.Entered), results.Sum(r => r.Left));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Segment reconciliation failed; it runs again in {Interval}", interval);
            }
        }
    }
}
