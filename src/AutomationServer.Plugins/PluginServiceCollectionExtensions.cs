using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Installation;
using AutomationServer.Plugins.Loading;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins;

public static class PluginServiceCollectionExtensions
{
    /// <summary>
    /// Loads the installed plugins and lets each configure its services; call after <c>AddWorkflowEngine</c>
    /// (plugin activities go into its <see cref="ActivityRegistry"/>). A broken plugin is recorded in the
    /// returned catalog and skipped: nothing a plugin does stops the server from starting.
    /// Registers <see cref="PluginCatalog"/>, <see cref="PluginAssemblies"/>, <see cref="PluginHostOptions"/> and <see cref="PluginInstaller"/>.
    /// </summary>
    public static PluginCatalog AddAutomationPlugins(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment) =>
        services.AddAutomationPlugins(configuration, environment, new McMasterPluginAssemblyLoader());

    /// <summary>As <see cref="AddAutomationPlugins(IServiceCollection, IConfiguration, IHostEnvironment)"/>, with another way to load assemblies.</summary>
    public static PluginCatalog AddAutomationPlugins(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, IPluginAssemblyLoader assemblyLoader)
    {
        var registry = services.GetActivityRegistry("AddAutomationPlugins");

        var options = configuration.GetSection(PluginHostOptions.SectionName).Get<PluginHostOptions>() ?? new PluginHostOptions();
        if (options.Validate() is { } invalid)
        {
            throw new InvalidOperationException(invalid);
        }

        var hotReload = options.HotReload && environment.IsDevelopment();
        var directory = options.ResolveDirectory();
        var catalog = new PluginCatalog();
        var assemblies = new PluginAssemblies();
        var loader = new PluginLoader(assemblyLoader, assemblies, catalog);
        var loaded = loader.LoadAll(directory, services, configuration, registry, collectible: hotReload);
        if (options.HotReload && !hotReload)
        {
            catalog.AddMessage(LogLevel.Information, $"{PluginHostOptions.SectionName}:HotReload is ignored outside the Development environment.");
        }

        services.AddSingleton(catalog);
        services.AddSingleton(assemblies);
        services.AddSingleton(options);
        services.AddSingleton(new PluginInstaller(options, catalog));
        services.AddHostedService<PluginOutcomeLogger>();
        if (hotReload)
        {
            services.AddSingleton(sp => new PluginHotReloader(directory, loaded, assemblyLoader, assemblies, registry, catalog, sp, sp.GetRequiredService<ILogger<PluginHotReloader>>()));
            services.AddHostedService(sp => sp.GetRequiredService<PluginHotReloader>());
        }

        return catalog;
    }
}
