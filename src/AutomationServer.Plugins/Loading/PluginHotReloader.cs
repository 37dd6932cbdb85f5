using System.Collections.Concurrent;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// Development only: when an active plugin's files change, loads it again into a new collectible context
/// and replaces its activity types (cached blueprints are dropped so new runs use them). Everything else a
/// plugin contributes is wired into the container at startup and needs a restart.
/// </summary>
internal sealed class PluginHotReloader(
    string pluginsDirectory,
    IEnumerable<LoadedPlugin> loaded,
    IPluginAssemblyLoader assemblyLoader,
    PluginAssemblies assemblies,
    ActivityRegistry registry,
    PluginCatalog catalog,
    IServiceProvider services,
    ILogger<PluginHotReloader> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LoadedPlugin> _plugins = loaded.ToDictionary(p => p.Id, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(pluginsDirectory))
        {
            return Task.CompletedTask;
        }

        _watcher = new FileSystemWatcher(pluginsDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, e) => OnChanged(e.FullPath);
        _watcher.Created += (_, e) => OnChanged(e.FullPath);
        _watcher.Renamed += (_, e) => OnChanged(e.FullPath);
        _watcher.EnableRaisingEvents = true;
        logger.LogInformation("Plugin hot reload watches {PluginsDirectory}: changed activities of active plugins reload without a restart.", pluginsDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        foreach (var timer in _pending.Values)
        {
            timer.Dispose();
        }

        _pending.Clear();
    }

    private void OnChanged(string path)
    {
        if (PluginMarkers.IsHidden(path))
        {
            return;
        }

        LoadedPlugin? plugin;
        lock (_gate)
        {
            plugin = _plugins.Values.FirstOrDefault(p => path.StartsWith(p.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }

        if (plugin is null)
        {
            return;
        }

        // A build writes several files; reload once they have settled.
        var timer = new Timer(_ => Reload(plugin.Id), null, Debounce, Timeout.InfiniteTimeSpan);
        _pending.AddOrUpdate(plugin.Id, timer, (_, previous) =>
        {
            previous.Dispose();
            return timer;
        });
    }

    /// <summary>Reloads one plugin's activities; on any failure the previous version stays in place.</summary>
    internal bool Reload(string id)
    {
        lock (_gate)
        {
            if (!_plugins.TryGetValue(id, out var current))
            {
                return false;
            }

            LoadedPluginAssembly? next = null;
            try
            {
                next = assemblyLoader.Load(current.EntryAssemblyPath, collectible: true);
                var startup = PluginStartupLocator.Create(next.EntryAssembly);
                var configuration = services.GetRequiredService<IConfiguration>();
                // A scratch registry and collection: only the activity types are taken from this run.
                var builder = new PluginBuilder(new PluginInfo(current.Id, current.Version, current.Directory), new ServiceCollection(), configuration, new ActivityRegistry());
                startup.ConfigureServices(builder);
                foreach (var type in builder.ActivityTypes)
                {
                    var descriptor = ActivityRegistry.Describe(type, id);
                    if (registry.Find(descriptor.TypeName, descriptor.Version) is { } existing && existing.Source != id)
                    {
                        throw new PluginConfigurationException($"Activity type '{descriptor.TypeName}' version {descriptor.Version} is already registered by '{existing.Source}'.");
                    }
                }

                assemblies.AddContext(next.LoadContext, id);
                foreach (var type in builder.ActivityTypes)
                {
                    registry.Replace(type, id);
                }

                services.GetService<BlueprintProvider>()?.ForgetAll();
                _plugins[id] = current with { Assembly = next, ActivityTypes = builder.ActivityTypes };
                current.Assembly.Owner.Dispose();
                UpdateCatalog(current, builder.Contributions);
                logger.LogInformation("Plugin {PluginId} {Version} reloaded: {Activities}.", id, current.Version, string.Join(", ", builder.Contributions.Activities));
                return true;
            }
            catch (Exception ex)
            {
                next?.Owner.Dispose();
                logger.LogWarning(ex, "Plugin {PluginId} could not be reloaded; the previously loaded version stays in use.", id);
                return false;
            }
        }
    }

    private void UpdateCatalog(LoadedPlugin plugin, PluginContributions reloaded)
    {
        if (catalog.Find(plugin.Id, plugin.Version) is not { } entry)
        {
            return;
        }

        var before = entry.Contributions;
        var dropped = before.Activities.Except(reloaded.Activities).ToList();
        if (dropped.Count > 0)
        {
            logger.LogWarning("Plugin {PluginId} no longer adds {Activities}; they stay registered until the server restarts.", plugin.Id, string.Join(", ", dropped));
        }

        if (reloaded.Channels.Count + reloaded.Connectors.Count + reloaded.ModelProviders.Count + reloaded.EventSources.Count + reloaded.RecurringJobs.Count > 0 || reloaded.Endpoints)
        {
            logger.LogInformation("Plugin {PluginId}: only activities reload; its channels, connectors, model providers, event sources, jobs and endpoints change on restart.", plugin.Id);
        }

        catalog.Set(entry with { Contributions = before with { Activities = before.Activities.Union(reloaded.Activities).ToList() } });
    }
}
