using AutomationServer.Sdk.Plugins;
using McMasterLoader = McMaster.NETCore.Plugins.PluginLoader;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Plugins.Loading;

/// <summary>Loads plugins with McMaster.NETCore.Plugins: one load context per plugin, reading the plugin's deps.json.</summary>
public sealed class McMasterPluginAssemblyLoader : IPluginAssemblyLoader
{
    // The SDK and the abstractions its public surface exposes. McMaster also shares every assembly these
    // reference, so a plugin that happens to ship its own copy of one still sees the host's types.
    private static readonly Type[] SharedTypes =
    [
        typeof(IPluginStartup),
        typeof(IServiceCollection),
        typeof(IConfiguration),
        typeof(ILogger),
        typeof(IOptions<>),
        typeof(IEndpointRouteBuilder),
    ];

    public LoadedPluginAssembly Load(string entryAssemblyPath, bool collectible)
    {
        var loader = McMasterLoader.CreateFromAssemblyFile(entryAssemblyPath, SharedTypes, config =>
        {
            // Everything else resolves from the plugin's own folder first: its private dependencies stay
            // its own even when another plugin or the host has a different version of the same library.
            config.PreferSharedTypes = false;
            config.IsUnloadable = collectible;
            config.LoadInMemory = collectible;
        });

        try
        {
            var assembly = loader.LoadDefaultAssembly();
            return new LoadedPluginAssembly(assembly, loader.LoadContext, loader);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }
}
