using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.PluginServices;

[CollectionDefinition(Name)]
public sealed class PluginHostCollection : ICollectionFixture<PluginHostFixture>
{
    public const string Name = "Plugin host";
}

/// <summary>
/// One real server with the plugin host services added and the test plugin's registration records registered
/// by hand, as the loader would register them; tests share it because its background work (event source,
/// recurring job) runs once per host.
/// </summary>
public sealed class PluginHostFixture : IAsyncLifetime
{
    public const string PluginId = "test-plugin";

    /// <summary>Stands for a second plugin: any type of its assembly identifies it.</summary>
    public const string OtherPluginId = "other-plugin";

    public const string BrokenPluginId = "broken-plugin";

    public const string SecretValue = "s3cret-7f2c9d";

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Messaging:SendTimeout"] = "00:00:00.5",
        ["PluginHost:EventSourceRestartDelay"] = "00:00:00.2",
        ["Plugins:test-plugin:Secrets:ApiToken"] = SecretValue,
        ["Serilog:MinimumLevel:Default"] = "Information",
    };

    public PluginHostFixture()
    {
        Factory = new AutomationServerFactory { TestServices = AddTestPlugin };
        foreach (var (key, value) in Settings)
        {
            Factory.Settings[key] = value;
        }
    }

    public AutomationServerFactory Factory { get; }

    public IServiceProvider Services => Factory.Services;

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>Everything the server wrote to its rolling log files so far.</summary>
    public string ReadLogs()
    {
        var folder = Path.Combine(Factory.Folder, "logs");
        if (!Directory.Exists(folder))
        {
            return "";
        }

        return string.Concat(Directory.GetFiles(folder, "*.log").Select(path =>
        {
            // The sink keeps the file open for writing.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }

    private static void AddTestPlugin(IServiceCollection services)
    {
        var assemblies = new PluginAssemblies();
        assemblies.AddAssembly(typeof(TestPluginProbe).Assembly, PluginId);
        assemblies.AddAssembly(typeof(FactAttribute).Assembly, OtherPluginId);
        services.AddSingleton(assemblies);

        services.GetActivityRegistry(nameof(PluginHostFixture)).Register<WaitForMessageEvent>(PluginId);

        services.AddSingleton<FlakyEventSource>();
        services.AddSingleton(new EventSourceRegistration(typeof(FlakyEventSource), PluginId));

        services.AddTransient<FlakyJob>();
        services.AddSingleton(new RecurringJobRegistration("flaky", "* * * * * ?", typeof(FlakyJob), PluginId));
        services.AddSingleton(new RecurringJobRegistration("broken", "every tuesday", typeof(NeverScheduledJob), PluginId));

        services.AddSingleton<TestChannel>();
        services.AddSingleton(new ChannelRegistration("test", "Test", null, typeof(TestChannel), PluginId));
        services.AddSingleton(new ChannelRegistration("slow", "Slow", null, typeof(SlowChannel), PluginId));
        services.AddSingleton(new ChannelRegistration("throwing", "Throwing", null, typeof(ThrowingChannel), PluginId));

        services.AddSingleton(new EndpointRegistration(routes =>
        {
            routes.MapGet("/hello", () => "hello from the plugin");
            routes.MapGet("/admin", (HttpContext context) => $"admin {context.User.Identity?.Name}").RequireAuthorization(PluginAuthorization.ManagementPolicy);
        }, PluginId));
        services.AddSingleton(new EndpointRegistration(routes =>
        {
            routes.MapGet("/half", () => "mapped before the callback threw");
            throw new InvalidOperationException("the plugin's MapEndpoints callback is broken");
        }, BrokenPluginId));
    }
}
