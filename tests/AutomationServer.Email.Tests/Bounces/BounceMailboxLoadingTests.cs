using AutomationServer.Plugins;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AutomationServer.Email.Tests.Bounces;

/// <summary>The bounce mailbox settings as the server's plugin loader reads them from the deployed plugin.</summary>
public sealed class BounceMailboxLoadingTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("as-email-bounces-").FullName;

    [Fact]
    public void Without_an_imap_host_no_poll_is_scheduled()
    {
        var (services, catalog) = Load([]);

        Assert.Equal(PluginStatus.Active, catalog.Find("email")!.Status);
        Assert.Empty(Jobs(services));
    }

    [Fact]
    public void An_imap_host_schedules_the_poll_on_the_configured_cron()
    {
        var (services, catalog) = Load(new()
        {
            ["Plugins:email:Bounces:Schedule"] = "*/5 * * * *",
            ["Plugins:email:Bounces:Imap:Host"] = "imap.acme.test",
            ["Plugins:email:Bounces:Imap:UserName"] = "bounces@acme.test",
            ["Plugins:email:Bounces:Imap:PasswordSecret"] = "BounceMailboxPassword",
        });

        var entry = catalog.Find("email")!;
        Assert.Equal(PluginStatus.Active, entry.Status);
        Assert.Equal(["bounce-mailbox"], entry.Contributions.RecurringJobs);
        var job = Assert.Single(Jobs(services));
        Assert.Equal(("bounce-mailbox", "*/5 * * * *", "email"), (job.Name, job.Cron, job.PluginId));
        Assert.Equal("ImapBouncePoller", job.ImplementationType.Name);
    }

    [Fact]
    public void Incomplete_imap_settings_make_the_plugin_malfunctioned_naming_them()
    {
        var (_, catalog) = Load(new()
        {
            ["Plugins:email:Bounces:Imap:Host"] = "imap.acme.test",
            ["Plugins:email:Bounces:Imap:ProcessedFolder"] = "inbox",
        });

        var entry = catalog.Find("email")!;
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("Plugins:email:Bounces:Imap:UserName", entry.Reason);
        Assert.Contains("Plugins:email:Bounces:Imap:Password", entry.Reason);
        Assert.Contains("Plugins:email:Bounces:Imap:ProcessedFolder", entry.Reason);
    }

    [Fact]
    public void An_out_of_range_batch_size_is_named()
    {
        var (_, catalog) = Load(new()
        {
            ["Plugins:email:Bounces:Imap:Host"] = "imap.acme.test",
            ["Plugins:email:Bounces:Imap:UserName"] = "bounces",
            ["Plugins:email:Bounces:Imap:Password"] = "x",
            ["Plugins:email:Bounces:Imap:BatchSize"] = "0",
        });

        var entry = catalog.Find("email")!;
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("Plugins:email:Bounces:Imap:BatchSize: BatchSize must be between 1 and 10000.", entry.Reason);
    }

    [Fact]
    public void A_bad_schedule_makes_the_plugin_malfunctioned()
    {
        var (_, catalog) = Load(new()
        {
            ["Plugins:email:Bounces:Schedule"] = "every minute",
            ["Plugins:email:Bounces:Imap:Host"] = "imap.acme.test",
            ["Plugins:email:Bounces:Imap:UserName"] = "bounces",
            ["Plugins:email:Bounces:Imap:Password"] = "x",
        });

        var entry = catalog.Find("email")!;
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("every minute", entry.Reason);
    }

    private static List<RecurringJobRegistration> Jobs(IServiceCollection services) =>
        services.Select(d => d.ImplementationInstance).OfType<RecurringJobRegistration>().Where(j => j.PluginId == "email").ToList();

    private (IServiceCollection Services, PluginCatalog Catalog) Load(Dictionary<string, string?> settings)
    {
        settings["PluginHost:Directory"] = Path.Combine(AppContext.BaseDirectory, "plugins");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var environment = new TestEnvironment(_contentRoot);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging();
        services.AddSingleton(WorkflowEngineServiceCollectionExtensions.CreateRegistryWithBuiltIns());
        var catalog = services.AddAutomationPlugins(configuration, environment);
        return (services, catalog);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class TestEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "AutomationServer.Email.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
