using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Scoring;

/// <summary>Runs <see cref="ScoringPasses"/> on a fixed interval (<see cref="ScoringOptions.PassInterval"/>).</summary>
public sealed class ScoringPassService(ScoringPasses passes, IOptions<ScoringOptions> options, TimeProvider clock, ILogger<ScoringPassService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PassInterval;
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("The scheduled scoring pass is off (Audience:Scoring:PassInterval is {Interval})", interval);
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The scoring pass failed; it runs again in {Interval}", interval);
            }
        }
    }

    /// <summary>Decay first, so that stages see the decayed scores.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await passes.ApplyDecayIfDueAsync(cancellationToken);
        var scores = await passes.ReconcileAttributeRulesAsync(cancellationToken);
        var stages = await passes.ReconcileStagesAsync(cancellationToken);
        if (scores + stages > 0)
        {
            logger.LogInformation("Scoring pass: {Scores} scores and {Stages} stages changed", scores, stages);
        }
    }
}
