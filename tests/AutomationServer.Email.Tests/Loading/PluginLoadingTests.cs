using AutomationServer.Messaging;
using AutomationServer.Plugins;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AutomationServer.Email.Tests.Loading;

/// <summary>
/// The plugin as the server loads it: from <c>plugins/email/1.0.0/</c> (laid out by this project's build like the
/// host's), through the real loader into its own load context, and used through the real send pipeline.
/// </summary>
public sealed class PluginLoadingTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("as-email-loading-").FullName;

    [Fact]
    public async Task The_loader_activates_the_plugin_and_the_email_channel_sends_into_the_pickup_folder()
    {
        var (services, catalog) = Load(new Dictionary<string, string?> { ["Plugins:email:Senders:default:From"] = "Acme <hello@acme.test>" });

        var entry = catalog.Find("email");
        Assert.NotNull(entry);
        Assert.Equal(PluginStatus.Active, entry.Status);
        Assert.Equal(["email"], entry.Contributions.Channels);

        await using var provider = services.BuildServiceProvider();
        var registration = Assert.Single(provider.GetRequiredService<ChannelRegistry>().Channels);
        Assert.Equal(("email", "email", "Email"), (registration.Name, registration.PluginId, registration.DisplayName));
        var message = new OutgoingMessage { MessageId = Guid.NewGuid(), Channel = "email", To = "ada@example.test", Subject = "Hi", Body = "Hello" };

        var result = await provider.GetRequiredService<IMessageSender>().SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.True(File.Exists(Path.Combine(_contentRoot, "data", "mail-pickup", $"{message.MessageId:N}.eml")));
    }

    [Fact]
    public void Invalid_settings_make_the_plugin_malfunctioned_naming_each_setting()
    {
        var (_, catalog) = Load(new Dictionary<string, string?>
        {
            ["Plugins:email:Senders:news:Transport"] = "Smtp",
            ["Plugins:email:Senders:news:From"] = "not an address",
            ["Plugins:email:Senders:news:Smtp:PoolSize"] = "0",
            ["Plugins:email:Senders:billing:From"] = "billing@acme.test",
        });

        var entry = catalog.Find("email");
        Assert.NotNull(entry);
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("Plugins:email:Senders:news:Transport", entry.Reason);
        Assert.Contains("Plugins:email:Senders:news:From", entry.Reason);
        Assert.Contains("Plugins:email:Senders:news:Smtp:PoolSize", entry.Reason);
        Assert.Contains("Plugins:email:DefaultSender", entry.Reason);
    }

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
        services.AddSingleton(typeof(IPluginSecrets<>), typeof(PluginSecrets<>));
        services.AddAutomationMessaging(configuration);
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
