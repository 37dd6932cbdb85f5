using System.Runtime.Loader;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Tests.Infrastructure;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Plugins.Tests;

public sealed class PluginBuilderTests : IDisposable
{
    private const string Id = "fixture.contributions";
    private readonly TempPluginsDirectory _plugins = new();

    public void Dispose() => _plugins.Dispose();

    private PluginHostHarness LoadContributions(Dictionary<string, string?> settings)
    {
        _plugins.Install("Contributions");
        return PluginHostHarness.Load(_plugins.Path, settings);
    }

    [Fact]
    public async Task Every_contribution_kind_is_registered_with_its_record_and_listed_on_the_entry()
    {
        var host = LoadContributions(new() { [$"Plugins:{Id}:Endpoint"] = "https://pigeon.test" });

        var entry = host.Entry(Id);
        Assert.Equal(PluginStatus.Active, entry.Status);
        Assert.Equal(["pigeon"], entry.Contributions.Channels);
        Assert.Equal(["ledger"], entry.Contributions.Connectors);
        Assert.Equal(["coin-flip"], entry.Contributions.ModelProviders);
        Assert.Equal(["Fixture.Contributions.TickSource"], entry.Contributions.EventSources);
        Assert.Equal(["sweep"], entry.Contributions.RecurringJobs);
        Assert.True(entry.Contributions.Endpoints);

        using var provider = host.Services.BuildServiceProvider();
        var channel = Assert.Single(provider.GetServices<ChannelRegistration>());
        Assert.Equal(("pigeon", "Carrier pigeon", Id), (channel.Name, channel.DisplayName, channel.PluginId));
        Assert.Equal("ledger", Assert.Single(provider.GetServices<ConnectorRegistration>()).Name);
        Assert.Equal("coin-flip", Assert.Single(provider.GetServices<ModelProviderRegistration>()).Name);
        Assert.Equal(Id, Assert.Single(provider.GetServices<EventSourceRegistration>()).PluginId);
        var job = Assert.Single(provider.GetServices<RecurringJobRegistration>());
        Assert.Equal(("sweep", "*/5 * * * *"), (job.Name, job.Cron));
        Assert.Equal(Id, Assert.Single(provider.GetServices<EndpointRegistration>()).PluginId);

        // The channel is a singleton built by the container with the plugin's bound options.
        var instance = (IChannel)provider.GetRequiredService(channel.ImplementationType);
        Assert.Same(instance, provider.GetRequiredService(channel.ImplementationType));
        var result = await instance.SendAsync(new OutgoingMessage { MessageId = Guid.Empty, Channel = "pigeon", To = "x" }, default);
        Assert.StartsWith("https://pigeon.test#", result.ProviderMessageId);
        Assert.NotNull(provider.GetRequiredService(job.ImplementationType));

        // The plugin's types live in its own load context, which maps back to the plugin.
        var assemblies = provider.GetRequiredService<PluginAssemblies>();
        Assert.Equal(Id, assemblies.FindPluginId(channel.ImplementationType));
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(channel.ImplementationType.Assembly));
    }

    [Fact]
    public void Missing_required_options_name_the_configuration_key()
    {
        var host = LoadContributions([]);

        var entry = host.Entry(Id);
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains($"Plugins:{Id}:Endpoint", entry.Reason);
        Assert.DoesNotContain(host.Services, d => Mentions(d.ServiceType) || Mentions(d.ImplementationType) || d.ImplementationInstance is ChannelRegistration);

        static bool Mentions(Type? type) => type is not null
            && (type.Assembly.GetName().Name == "Fixture.Contributions" || type.GetGenericArguments().Any(Mentions));
    }

    [Fact]
    public void A_recurring_job_with_an_invalid_cron_makes_the_plugin_malfunctioned_with_the_reason()
    {
        var host = LoadContributions(new()
        {
            [$"Plugins:{Id}:Endpoint"] = "https://pigeon.test",
            [$"Plugins:{Id}:SweepCron"] = "every tuesday",
        });

        var entry = host.Entry(Id);
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("Recurring job 'sweep' has an invalid cron expression 'every tuesday'", entry.Reason);
        Assert.DoesNotContain(host.Services, d => d.ImplementationInstance is RecurringJobRegistration or ChannelRegistration);
    }

    [Fact]
    public void Range_and_nested_object_validation_name_their_keys()
    {
        var host = LoadContributions(new()
        {
            [$"Plugins:{Id}:Endpoint"] = "https://pigeon.test",
            [$"Plugins:{Id}:Retries"] = "42",
            [$"Plugins:{Id}:Limits:Minimum"] = "20",
        });

        var reason = host.Entry(Id).Reason;
        Assert.Contains($"Plugins:{Id}:Retries", reason);
        Assert.Contains($"Plugins:{Id}:Limits:Minimum: Minimum must not exceed Maximum.", reason);
    }

    [Fact]
    public void Unconvertible_option_values_are_reported_not_thrown()
    {
        var host = LoadContributions(new() { [$"Plugins:{Id}:Endpoint"] = "https://pigeon.test", [$"Plugins:{Id}:Retries"] = "many" });

        var entry = host.Entry(Id);
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains($"Plugins:{Id}:Retries", entry.Reason);
    }

    [Fact]
    public void An_activity_type_already_registered_by_another_plugin_is_refused()
    {
        _plugins.Install("Basic");
        _plugins.Install("Basic", m => m["id"] = "fixture.basic-copy");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.Equal(PluginStatus.Active, host.Entry("fixture.basic").Status);
        var copy = host.Entry("fixture.basic-copy");
        Assert.Equal(PluginStatus.Malfunctioned, copy.Status);
        Assert.Contains("'Fixture.Basic.Classify' version 1 is already registered by 'fixture.basic'", copy.Reason);
        Assert.Equal("fixture.basic", host.Registry.Find("Fixture.Basic.Classify", 1)!.Source);
    }

    [Fact]
    public void Two_channels_with_one_name_are_refused()
    {
        _plugins.Install("Contributions");
        _plugins.Install("Contributions", m => m["id"] = "fixture.contributions-copy");

        var host = PluginHostHarness.Load(_plugins.Path, new Dictionary<string, string?>
        {
            [$"Plugins:{Id}:Endpoint"] = "https://pigeon.test",
            ["Plugins:fixture.contributions-copy:Endpoint"] = "https://pigeon.test",
        });

        Assert.Equal(PluginStatus.Active, host.Entry(Id).Status);
        Assert.Contains("channel named 'pigeon' is already registered", host.Entry("fixture.contributions-copy").Reason);
        using var provider = host.Services.BuildServiceProvider();
        Assert.Single(provider.GetServices<ChannelRegistration>());
    }
}
