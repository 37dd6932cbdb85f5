using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Stimuli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Plugins.Services;

public static class PluginHostServiceCollectionExtensions
{
    /// <summary>
    /// The host services plugins take in constructors: <see cref="IPluginStateStore{TPlugin}"/>, <see cref="IPluginSecrets{TPlugin}"/>,
    /// <see cref="IStimulusPublisher"/>; and the background host of plugin event sources with its <see cref="EventSourceMonitor"/>.
    /// Settings: <see cref="PluginHostOptions"/>, registered by the loader. Needs the workflow engine and persistence;
    /// call after <c>AddAutomationPlugins</c> (it only adds <see cref="PluginAssemblies"/> when the loader has not).
    /// </summary>
    public static IServiceCollection AddPluginHostServices(this IServiceCollection services)
    {
        services.TryAddSingleton<PluginAssemblies>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(typeof(IPluginStateStore<>), typeof(PluginStateStore<>));
        services.TryAddSingleton(typeof(IPluginSecrets<>), typeof(PluginSecrets<>));
        services.TryAddSingleton<IStimulusPublisher, StimulusPublisher>();
        services.TryAddSingleton<EventSourceMonitor>();
        services.AddHostedService<EventSourceHost>();
        return services;
    }
}
