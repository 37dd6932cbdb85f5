using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class PluginStateAndSecretsTests(PluginHostFixture host)
{
    private IPluginStateStore<TestPluginStartup> State => host.Services.GetRequiredService<IPluginStateStore<TestPluginStartup>>();

    // FactAttribute's assembly is mapped to the second plugin.
    private IPluginStateStore<FactAttribute> OtherState => host.Services.GetRequiredService<IPluginStateStore<FactAttribute>>();

    [Fact]
    public async Task State_round_trips_is_overwritten_and_deleted_separately_per_plugin()
    {
        await State.SetAsync("cursor", "42");
        await OtherState.SetAsync("cursor", "other");
        Assert.Equal("42", await State.GetAsync("cursor"));

        await State.SetAsync("cursor", "43");
        Assert.Equal("43", await State.GetAsync("cursor"));
        Assert.Equal("other", await OtherState.GetAsync("cursor"));

        Assert.True(await State.DeleteAsync("cursor"));
        Assert.Null(await State.GetAsync("cursor"));
        Assert.False(await State.DeleteAsync("cursor"));
        Assert.Equal("other", await OtherState.GetAsync("cursor"));
    }

    [Fact]
    public async Task State_refuses_empty_and_oversized_keys_and_values_with_clear_messages()
    {
        var longKey = await Assert.ThrowsAsync<ArgumentException>(async () => await State.SetAsync(new string('k', 201), "v"));
        var emptyKey = await Assert.ThrowsAsync<ArgumentException>(async () => await State.GetAsync(" "));
        var bigValue = await Assert.ThrowsAsync<ArgumentException>(async () => await State.SetAsync("big", new string('v', 64 * 1024 - 1) + "é"));

        Assert.Contains("at most 200", longKey.Message, StringComparison.Ordinal);
        Assert.Equal("key", emptyKey.ParamName);
        Assert.Contains("65537 bytes", bigValue.Message, StringComparison.Ordinal);
        Assert.Contains(PluginHostFixture.PluginId, bigValue.Message, StringComparison.Ordinal);

        await State.SetAsync(new string('k', 200), new string('v', 64 * 1024));
        Assert.Equal(64 * 1024, (await State.GetAsync(new string('k', 200)))!.Length);
    }

    [Fact]
    public void A_type_outside_every_plugin_cannot_get_a_state_store()
    {
        var exception = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IPluginStateStore<string>>());

        Assert.Contains("does not belong to a loaded plugin", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_come_from_the_plugins_configuration_section_and_are_null_when_absent()
    {
        var secrets = host.Services.GetRequiredService<IPluginSecrets<TestPluginStartup>>();
        var otherSecrets = host.Services.GetRequiredService<IPluginSecrets<FactAttribute>>();

        Assert.Equal(PluginHostFixture.SecretValue, await secrets.GetAsync("ApiToken"));
        Assert.Equal(PluginHostFixture.SecretValue, await secrets.GetAsync("apitoken"));
        Assert.Null(await secrets.GetAsync("Missing"));
        Assert.Null(await otherSecrets.GetAsync("ApiToken"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await secrets.GetAsync("Nested:Name"));
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_secret_in_appsettings()
    {
        const string variable = "Plugins__secrets-env-test__Secrets__SigningKey";
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            // The host's order: appsettings.json first, environment variables after.
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Plugins:secrets-env-test:Secrets:SigningKey"] = "from-appsettings" })
                .AddEnvironmentVariables()
                .Build();
            var assemblies = new PluginAssemblies();
            assemblies.AddAssembly(typeof(TestPluginProbe).Assembly, "secrets-env-test");

            var secrets = new PluginSecrets<TestPluginStartup>(assemblies, configuration);

            Assert.Equal("from-environment", await secrets.GetAsync("SigningKey"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
