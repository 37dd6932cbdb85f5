using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Scheduling.Jobs;

/// <summary>
/// Resolves the engine's services when a job runs rather than when it is built, so the scheduler
/// runs in a host that does not (yet) register them; the first miss of each service is logged once.
/// </summary>
public sealed class EngineServiceResolver(ILogger<EngineServiceResolver> logger)
{
    private readonly ConcurrentDictionary<Type, bool> _reported = new();

    public T? Resolve<T>(IServiceProvider services, string purpose)
        where T : class
    {
        var service = services.GetService<T>();
        if (service is null && _reported.TryAdd(typeof(T), true))
        {
            logger.LogWarning("No {Service} is registered, so {Purpose} does nothing until the workflow engine is added", typeof(T).Name, purpose);
        }

        return service;
    }
}
