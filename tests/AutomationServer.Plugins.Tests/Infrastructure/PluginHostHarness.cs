using AutomationServer.Plugins.Catalog;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AutomationServer.Plugins.Tests.Infrastructure;

/// <summary>Runs <c>AddAutomationPlugins</c> the way the host does: after the engine's registry, against a plugins folder.</summary>
public sealed class PluginHostHarness
{
    private PluginHostHarness(IServiceCollection services, ActivityRegistry registry, PluginCatalog catalog, int descriptorsBefore)
    {
        Services = services;
        Registry = registry;
        Catalog = catalog;
        DescriptorsBefore = descriptorsBefore;
    }

    public IServiceCollection Services { get; }

    public ActivityRegistry Registry { get; }

    public PluginCatalog Catalog { get; }

    /// <summary>How many service descriptors existed before plugins were added.</summary>
    public int DescriptorsBefore { get; }

    public PluginCatalogEntry Entry(string id) => Catalog.Find(id) ?? throw new InvalidOperationException($"'{id}' is not in the catalog.");

    public static PluginHostHarness Load(string pluginsDirectory, IDictionary<string, string?>? settings = null, string environment = "Production")
    {
        var values = new Dictionary<string, string?> { ["PluginHost:Directory"] = pluginsDirectory };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var registry = WorkflowEngineServiceCollectionExtensions.CreateRegistryWithBuiltIns();
        services.AddSingleton(registry);
        services.AddLogging();
        var before = services.Count;
        var catalog = services.AddAutomationPlugins(configuration, new TestEnvironment(environment));
        return new PluginHostHarness(services, registry, catalog, before);
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "AutomationServer.Plugins.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
