using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// Discovers, loads and configures every installed plugin in dependency order, recording each outcome in
/// the catalog. Nothing a plugin does can stop the server from starting: every failure becomes a status.
/// </summary>
internal sealed class PluginLoader(IPluginAssemblyLoader assemblyLoader, PluginAssemblies assemblies, PluginCatalog catalog)
{
    public List<LoadedPlugin> LoadAll(string pluginsDirectory, IServiceCollection services, IConfiguration configuration, ActivityRegistry registry, bool collectible)
    {
        var loaded = new List<LoadedPlugin>();
        List<PluginCandidate> candidates;
        try
        {
            candidates = PluginDiscovery.Discover(pluginsDirectory, catalog);
        }
        catch (Exception ex)
        {
            catalog.AddMessage(LogLevel.Error, $"The plugins folder '{pluginsDirectory}' cannot be read; no plugins loaded.", ex);
            return loaded;
        }

        var byId = candidates.Where(c => c.Status is not PluginStatus.Superseded).GroupBy(c => c.Id)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.IsLoadable || c.Status == PluginStatus.Disabled).ThenByDescending(c => c.SortVersion).First(), StringComparer.Ordinal);
        foreach (var candidate in DependencyOrder.Sort(candidates.Where(c => c.IsLoadable).ToList()))
        {
            if (candidate.Status is not null)
            {
                continue;
            }

            if (FindMissingDependency(candidate, byId) is { } missing)
            {
                candidate.Decide(PluginStatus.MissingDependency, missing);
                continue;
            }

            if (Load(candidate, services, configuration, registry, collectible) is { } plugin)
            {
                loaded.Add(plugin);
            }
        }

        foreach (var candidate in candidates)
        {
            var entry = candidate.ToEntry();
            catalog.Set(entry);
            if (entry.Status == PluginStatus.Active)
            {
                catalog.AddMessage(LogLevel.Information, $"Plugin {entry.Id} {entry.Version} is active ({Describe(entry.Contributions)}).");
            }
            else if (entry.Status != PluginStatus.Superseded)
            {
                catalog.AddMessage(LogLevel.Warning, $"Plugin {entry.Id} {entry.Version} is {entry.Status}: {entry.Reason}");
            }
        }

        return loaded;
    }

    private static string? FindMissingDependency(PluginCandidate candidate, Dictionary<string, PluginCandidate> byId)
    {
        var problems = new List<string>();
        foreach (var dependency in candidate.Manifest!.DependsOn)
        {
            if (!byId.TryGetValue(dependency, out var required))
            {
                problems.Add($"'{dependency}' is not installed");
            }
            else if (required.Status != PluginStatus.Active)
            {
                problems.Add($"'{dependency}' is {required.Status?.ToString() ?? "not loaded"}");
            }
        }

        return problems.Count == 0 ? null : $"dependsOn: {string.Join("; ", problems)}.";
    }

    private LoadedPlugin? Load(PluginCandidate candidate, IServiceCollection services, IConfiguration configuration, ActivityRegistry registry, bool collectible)
    {
        var manifest = candidate.Manifest!;
        LoadedPluginAssembly assembly;
        IPluginStartup startup;
        try
        {
            assembly = assemblyLoader.Load(candidate.EntryAssemblyPath!, collectible);
            startup = PluginStartupLocator.Create(assembly.EntryAssembly);
        }
        catch (PluginConfigurationException ex)
        {
            candidate.Decide(PluginStatus.Malfunctioned, ex.Message);
            return null;
        }
        catch (Exception ex)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"Loading {manifest.EntryAssembly} failed: {ex.Message}");
            catalog.AddMessage(LogLevel.Debug, $"Plugin {candidate.Id} {candidate.Version} could not be loaded.", ex);
            return null;
        }

        var snapshot = services.ToArray();
        var builder = new PluginBuilder(new PluginInfo(candidate.Id, manifest.Version.ToNormalizedString(), candidate.Directory), services, configuration, registry);
        try
        {
            // Registered before the startup runs so the plugin's services (state store, secrets) can find their plugin.
            assemblies.AddContext(assembly.LoadContext, candidate.Id);
            startup.ConfigureServices(builder);
            builder.RegisterActivities();
        }
        catch (Exception ex)
        {
            Restore(services, snapshot);
            candidate.Decide(PluginStatus.Malfunctioned, ex is PluginConfigurationException
                ? ex.Message
                : $"ConfigureServices threw {ex.GetType().Name}: {ex.Message}");
            catalog.AddMessage(LogLevel.Debug, $"Plugin {candidate.Id} {candidate.Version} failed while configuring.", ex);
            return null;
        }

        candidate.Contributions = builder.Contributions;
        candidate.Decide(PluginStatus.Active);
        return new LoadedPlugin(candidate.Id, candidate.Version, candidate.Directory, candidate.EntryAssemblyPath!, assembly, builder.ActivityTypes);
    }

    /// <summary>Puts the collection back exactly as it was: a failed plugin leaves nothing behind, even what it removed.</summary>
    private static void Restore(IServiceCollection services, ServiceDescriptor[] snapshot)
    {
        services.Clear();
        foreach (var descriptor in snapshot)
        {
            services.Add(descriptor);
        }
    }

    private static string Describe(PluginContributions contributions)
    {
        var parts = new List<string>();
        Add(contributions.Activities, "activities");
        Add(contributions.Channels, "channels");
        Add(contributions.Connectors, "connectors");
        Add(contributions.ModelProviders, "model providers");
        Add(contributions.EventSources, "event sources");
        Add(contributions.RecurringJobs, "recurring jobs");
        if (contributions.Endpoints)
        {
            parts.Add("endpoints");
        }

        return parts.Count == 0 ? "no contributions" : string.Join("; ", parts);

        void Add(IReadOnlyList<string> names, string kind)
        {
            if (names.Count > 0)
            {
                parts.Add($"{kind}: {string.Join(", ", names)}");
            }
        }
    }
}
