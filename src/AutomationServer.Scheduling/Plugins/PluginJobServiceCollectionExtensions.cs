using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Scheduling.Plugins;

public static class PluginJobServiceCollectionExtensions
{
    /// <summary>Runs plugins' recurring jobs (<c>RecurringJobRegistration</c>) through Quartz. Needs <c>AddAutomationScheduling</c>.</summary>
    public static IServiceCollection AddPluginJobs(this IServiceCollection services)
    {
        services.TryAddTransient<PluginJob>();
        services.TryAddSingleton<PluginJobSynchronizer>();
        services.AddHostedService<PluginJobSyncService>();
        return services;
    }
}
