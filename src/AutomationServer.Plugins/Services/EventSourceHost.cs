using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Stimuli;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Services;

/// <summary>
/// Runs every plugin's <see cref="IEventSource"/> once the application has started, each on its own task, and
/// restarts a failed one after an exponential back-off, so one broken source never affects another or the server.
/// </summary>
public sealed class EventSourceHost(
    IEnumerable<EventSourceRegistration> registrations,
    IServiceProvider services,
    EventSourceMonitor monitor,
    PluginHostOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<EventSourceHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sources = registrations.ToList();
        if (sources.Count == 0)
        {
            return;
        }

        for (var slot = 0; slot < sources.Count; slot++)
        {
            monitor.Set(slot, new EventSourceState(sources[slot].PluginId, NameOf(sources[slot]), EventSourceStatus.Stopped, null, null, 0, null));
        }

        // Sources publish stimuli, which need the migrated database and the started scheduler.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        // Task.Run: a source that blocks before its first await must not hold up the others.
        await Task.WhenAll(sources.Select((source, slot) => Task.Run(() => RunWithRestartsAsync(slot, source, stoppingToken), CancellationToken.None)));
    }

    private async Task RunWithRestartsAsync(int slot, EventSourceRegistration registration, CancellationToken stoppingToken)
    {
        var name = NameOf(registration);
        var failures = 0;
        string? lastError = null;
        DateTimeOffset? lastFailureAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var startedAt = time.GetTimestamp();
            try
            {
                var source = (IEventSource)(services.GetService(registration.ImplementationType)
                    ?? ActivatorUtilities.CreateInstance(services, registration.ImplementationType));
                monitor.Set(slot, new EventSourceState(registration.PluginId, name, EventSourceStatus.Running, lastError, lastFailureAt, failures, null));
                await source.RunAsync(stoppingToken);
                if (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("Event source {Source} of plugin {PluginId} returned; it is not restarted", name, registration.PluginId);
                }

                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                if (time.GetElapsedTime(startedAt) >= options.EventSourceMaxRestartDelay)
                {
                    failures = 0;
                }

                failures++;
                var delay = RestartDelay(failures, options);
                lastError = $"{exception.GetType().Name}: {exception.Message}";
                lastFailureAt = time.GetUtcNow();
                monitor.Set(slot, new EventSourceState(registration.PluginId, name, EventSourceStatus.Restarting, lastError, lastFailureAt, failures, lastFailureAt + delay));
                logger.LogError(exception, "Event source {Source} of plugin {PluginId} failed ({Failures} in a row); restarting in {Delay}",
                    name, registration.PluginId, failures, delay);

                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        monitor.Set(slot, new EventSourceState(registration.PluginId, name, EventSourceStatus.Stopped, lastError, lastFailureAt, failures, null));
    }

    /// <summary>The wait before the next start after <paramref name="failures"/> failures in a row.</summary>
    public static TimeSpan RestartDelay(int failures, PluginHostOptions options)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(options.EventSourceRestartDelay.Ticks * factor, options.EventSourceMaxRestartDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static string NameOf(EventSourceRegistration registration) =>
        registration.ImplementationType.FullName ?? registration.ImplementationType.Name;
}
