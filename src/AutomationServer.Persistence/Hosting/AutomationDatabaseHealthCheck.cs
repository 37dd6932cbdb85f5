using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutomationServer.Persistence;

internal sealed class AutomationDatabaseHealthCheck(AutomationDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.ProviderName} database reachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{database.ProviderName} database unreachable: {exception.Message}", exception);
        }
    }
}
