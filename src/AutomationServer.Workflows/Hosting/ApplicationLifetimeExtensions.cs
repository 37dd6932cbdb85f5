using Microsoft.Extensions.Hosting;

namespace AutomationServer.Workflows.Hosting;

public static class ApplicationLifetimeExtensions
{
    /// <summary>
    /// Waits until the application has started (database migrated, scheduler running, endpoints
    /// listening), so background work stays off the startup path. False when stopping came first.
    /// </summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
