using AutomationServer.Plugins.Loading;
using AutomationServer.Plugins.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Plugins.Tests;

public sealed class HotReloadTests : IDisposable
{
    private readonly TempPluginsDirectory _plugins = new();

    public void Dispose() => _plugins.Dispose();

    private static Dictionary<string, string?> HotReloadOn => new() { ["PluginHost:HotReload"] = "true" };

    [Fact]
    public void Hot_reload_is_ignored_outside_development()
    {
        _plugins.Install("Basic");

        var host = PluginHostHarness.Load(_plugins.Path, HotReloadOn, environment: "Production");

        Assert.DoesNotContain(host.Services, d => d.ServiceType == typeof(PluginHotReloader));
        Assert.Contains(host.Catalog.StartupMessages, m => m.Message.Contains("HotReload is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Reloading_replaces_the_plugin_activity_implementations()
    {
        _plugins.Install("Basic");
        var host = PluginHostHarness.Load(_plugins.Path, HotReloadOn, environment: "Development");
        using var provider = host.Services.BuildServiceProvider();
        var reloader = provider.GetRequiredService<PluginHotReloader>();
        var before = host.Registry.Find("Fixture.Basic.Classify", 1)!;

        Assert.True(reloader.Reload("fixture.basic"));

        var after = host.Registry.Find("Fixture.Basic.Classify", 1)!;
        Assert.Equal("fixture.basic", after.Source);
        Assert.NotEqual(before, after); // same description, another implementing type
        Assert.Equal(after, host.Registry.FindLatest("Fixture.Basic.Classify"));
    }

    [Fact]
    public async Task A_changed_file_in_an_active_plugin_triggers_a_reload()
    {
        var folder = _plugins.Install("Basic");
        var host = PluginHostHarness.Load(_plugins.Path, HotReloadOn, environment: "Development");
        using var provider = host.Services.BuildServiceProvider();
        var reloader = provider.GetRequiredService<PluginHotReloader>();
        await reloader.StartAsync(default);
        var before = host.Registry.Find("Fixture.Basic.Classify", 1)!;

        var dll = Path.Combine(folder, "Fixture.Basic.dll");
        await File.WriteAllBytesAsync(dll, await File.ReadAllBytesAsync(dll));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Equals(before, host.Registry.Find("Fixture.Basic.Classify", 1)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await reloader.StopAsync(default);
        Assert.NotEqual(before, host.Registry.Find("Fixture.Basic.Classify", 1));
    }
}
