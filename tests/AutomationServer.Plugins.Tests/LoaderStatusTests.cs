using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Loading;
using AutomationServer.Plugins.Tests.Infrastructure;

namespace AutomationServer.Plugins.Tests;

public sealed class LoaderStatusTests : IDisposable
{
    private readonly TempPluginsDirectory _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public void A_basic_plugin_is_active_and_its_activity_is_registered_under_its_id()
    {
        _plugins.Install("Basic");

        var host = PluginHostHarness.Load(_plugins.Path);

        var entry = host.Entry("fixture.basic");
        Assert.Equal(PluginStatus.Active, entry.Status);
        Assert.Null(entry.Reason);
        Assert.Equal("1.0.0", entry.Version);
        Assert.Equal("Fixture Basic", entry.DisplayName);
        Assert.Equal("1.0", entry.SdkVersion);
        Assert.Equal(["Fixture.Basic.Classify@1"], entry.Contributions.Activities);

        var descriptor = host.Registry.Find("Fixture.Basic.Classify", 1);
        Assert.NotNull(descriptor);
        Assert.Equal("fixture.basic", descriptor.Source);
        Assert.Equal(["High", "Low"], descriptor.Outcomes);
        Assert.Equal("score", Assert.Single(descriptor.Inputs).Name);
        Assert.Equal("band", Assert.Single(descriptor.Outputs).Name);
    }

    [Fact]
    public void A_plugin_built_for_a_newer_sdk_major_is_not_supported()
    {
        _plugins.Install("SdkTooNew");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.sdk-too-new");

        Assert.Equal(PluginStatus.NotSupported, entry.Status);
        Assert.Contains("SDK 2.0", entry.Reason);
        Assert.Contains("different major", entry.Reason);
    }

    [Fact]
    public void A_plugin_built_for_a_newer_minor_is_not_supported()
    {
        _plugins.Install("Basic", m => m["sdkVersion"] = "1.99");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.basic");

        Assert.Equal(PluginStatus.NotSupported, entry.Status);
        Assert.Contains("upgrade the server", entry.Reason);
    }

    [Fact]
    public void A_plugin_whose_startup_throws_is_malfunctioned_and_leaves_nothing_behind()
    {
        _plugins.Install("ThrowsInStartup");

        var host = PluginHostHarness.Load(_plugins.Path);

        var entry = host.Entry("fixture.throws");
        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("InvalidOperationException", entry.Reason);
        Assert.Contains("failed on purpose", entry.Reason);
        Assert.Null(host.Registry.Find("Fixture.Throws.NeverRegistered", 1));
        Assert.DoesNotContain(host.Services, d => d.ServiceType.Assembly.GetName().Name == "Fixture.ThrowsInStartup");
        Assert.DoesNotContain(host.Services, d => d.ImplementationInstance is ChannelRegistration);
        Assert.Empty(entry.Contributions.Activities);
    }

    [Fact]
    public void A_plugin_depending_on_an_absent_plugin_names_it()
    {
        _plugins.Install("MissingDependency");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.missing-dependency");

        Assert.Equal(PluginStatus.MissingDependency, entry.Status);
        Assert.Contains("'fixture.absent' is not installed", entry.Reason);
    }

    [Fact]
    public void A_plugin_depending_on_a_broken_plugin_says_why_the_dependency_is_missing()
    {
        _plugins.Install("Dependent");
        _plugins.Install("Basic", m => m["sdkVersion"] = "2.0");

        var host = PluginHostHarness.Load(_plugins.Path);

        var entry = host.Entry("fixture.aaa-dependent");
        Assert.Equal(PluginStatus.MissingDependency, entry.Status);
        Assert.Contains("'fixture.basic' is NotSupported", entry.Reason);
    }

    [Fact]
    public void Dependencies_are_configured_first_whatever_their_names()
    {
        // "fixture.aaa-dependent" sorts before "fixture.basic" and throws unless basic was configured first.
        _plugins.Install("Dependent");
        _plugins.Install("Basic");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.Equal(PluginStatus.Active, host.Entry("fixture.basic").Status);
        Assert.Equal(PluginStatus.Active, host.Entry("fixture.aaa-dependent").Status);
        Assert.NotNull(host.Registry.Find("Fixture.Dependent.Echo", 1));
    }

    [Fact]
    public void A_dependency_cycle_makes_its_members_malfunctioned_naming_the_cycle()
    {
        _plugins.Install("Basic", m => { m["id"] = "fixture.cycle-a"; m["dependsOn"] = new System.Text.Json.Nodes.JsonArray("fixture.cycle-b"); });
        _plugins.Install("Basic", m => { m["id"] = "fixture.cycle-b"; m["dependsOn"] = new System.Text.Json.Nodes.JsonArray("fixture.cycle-a"); });

        var host = PluginHostHarness.Load(_plugins.Path);

        foreach (var id in new[] { "fixture.cycle-a", "fixture.cycle-b" })
        {
            var entry = host.Entry(id);
            Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
            Assert.Contains("fixture.cycle-a -> fixture.cycle-b -> fixture.cycle-a", entry.Reason);
        }
    }

    [Fact]
    public void An_entry_path_leaving_the_plugin_folder_is_refused()
    {
        _plugins.Install("DotDotPath");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.dotdot");

        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("entryAssembly", entry.Reason);
        Assert.Contains("../x.dll", entry.Reason);
    }

    [Fact]
    public void A_missing_entry_assembly_is_malfunctioned()
    {
        _plugins.Install("Basic", m => m["entryAssembly"] = "lib/Missing.dll");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.basic");

        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("'lib/Missing.dll' is missing", entry.Reason);
    }

    [Fact]
    public void An_invalid_manifest_is_malfunctioned_with_the_field_named_and_the_folder_as_identity()
    {
        var folder = _plugins.Install("Basic");
        File.WriteAllText(Path.Combine(folder, "plugin.json"), """{ "id": "fixture.basic", "version": "one", "sdkVersion": "1.0", "entryAssembly": "Fixture.Basic.dll" }""");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.basic");

        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Equal("1.0.0", entry.Version);
        Assert.Contains("version: 'one' is not a semantic version", entry.Reason);
    }

    [Fact]
    public void Folder_names_must_match_the_manifest()
    {
        var folder = _plugins.Install("Basic");
        Directory.Move(folder, Path.Combine(Path.GetDirectoryName(folder)!, "1.0.1"));

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.basic");

        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.StartsWith("version:", entry.Reason);
    }

    [Fact]
    public void An_entry_assembly_without_a_startup_class_is_malfunctioned()
    {
        _plugins.Install("PrivateDependencyV1", m => m["entryAssembly"] = "Fixture.Greeting.dll");

        var entry = PluginHostHarness.Load(_plugins.Path).Entry("fixture.private-dependency-v1");

        Assert.Equal(PluginStatus.Malfunctioned, entry.Status);
        Assert.Contains("no public class implementing IPluginStartup", entry.Reason);
    }

    [Fact]
    public void A_disabled_plugin_is_not_loaded()
    {
        var folder = _plugins.Install("Basic");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(folder)!, PluginMarkers.Disabled), "");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.Equal(PluginStatus.Disabled, host.Entry("fixture.basic").Status);
        Assert.Null(host.Registry.Find("Fixture.Basic.Classify", 1));
    }

    [Fact]
    public void The_newest_version_loads_and_older_ones_are_superseded_keeping_stored_activity_versions()
    {
        _plugins.Install("VersionedV1");
        _plugins.Install("VersionedV2");

        var host = PluginHostHarness.Load(_plugins.Path);

        var versions = host.Catalog.FindVersions("fixture.versioned");
        Assert.Equal(["2.0.0", "1.0.0"], versions.Select(v => v.Version));
        Assert.Equal(PluginStatus.Active, versions[0].Status);
        Assert.Equal(PluginStatus.Superseded, versions[1].Status);
        Assert.Contains("2.0.0", versions[1].Reason);
        Assert.Equal("2.0.0", host.Entry("fixture.versioned").Version);
        Assert.Equal(["Fixture.Versioned.Greet@1", "Fixture.Versioned.Greet@2"], versions[0].Contributions.Activities);
        Assert.NotNull(host.Registry.Find("Fixture.Versioned.Greet", 1));
        Assert.Equal(2, host.Registry.FindLatest("Fixture.Versioned.Greet")!.Version);
    }

    [Fact]
    public void A_broken_newest_version_falls_back_to_the_newest_loadable_one()
    {
        _plugins.Install("VersionedV1");
        _plugins.Install("VersionedV2", m => m["sdkVersion"] = "3.0");

        var host = PluginHostHarness.Load(_plugins.Path);

        var versions = host.Catalog.FindVersions("fixture.versioned");
        Assert.Equal(PluginStatus.NotSupported, versions[0].Status);
        Assert.Equal(PluginStatus.Active, versions[1].Status);
        Assert.Equal("1.0.0", host.Entry("fixture.versioned").Version);
    }

    [Fact]
    public void A_version_marked_for_uninstall_is_deleted_before_loading()
    {
        var old = _plugins.Install("VersionedV1");
        _plugins.Install("VersionedV2");
        File.WriteAllText(Path.Combine(old, PluginMarkers.Uninstall), "");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.False(Directory.Exists(old));
        Assert.Equal(["2.0.0"], host.Catalog.FindVersions("fixture.versioned").Select(v => v.Version));
        Assert.Contains(host.Catalog.StartupMessages, m => m.Message.Contains("fixture.versioned 1.0.0 uninstalled"));
    }

    [Fact]
    public void Uninstalling_the_last_version_removes_the_plugin_folder()
    {
        var folder = _plugins.Install("Basic");
        File.WriteAllText(Path.Combine(folder, PluginMarkers.Uninstall), "");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.Null(host.Catalog.Find("fixture.basic"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(folder)));
    }

    [Fact]
    public void Every_fixture_together_still_starts_and_each_gets_its_status()
    {
        foreach (var fixture in new[] { "Basic", "Contributions", "Dependent", "DotDotPath", "MissingDependency", "SdkTooNew", "ThrowsInStartup", "VersionedV1", "VersionedV2", "PrivateDependencyV1", "PrivateDependencyV2" })
        {
            _plugins.Install(fixture);
        }

        var host = PluginHostHarness.Load(_plugins.Path, new Dictionary<string, string?> { ["Plugins:fixture.contributions:Endpoint"] = "https://example.test" });

        var statuses = host.Catalog.All.ToDictionary(e => $"{e.Id}@{e.Version}", e => e.Status);
        Assert.Equal(PluginStatus.Active, statuses["fixture.basic@1.0.0"]);
        Assert.Equal(PluginStatus.Active, statuses["fixture.contributions@1.0.0"]);
        Assert.Equal(PluginStatus.Active, statuses["fixture.aaa-dependent@1.0.0"]);
        Assert.Equal(PluginStatus.Malfunctioned, statuses["fixture.dotdot@1.0.0"]);
        Assert.Equal(PluginStatus.MissingDependency, statuses["fixture.missing-dependency@1.0.0"]);
        Assert.Equal(PluginStatus.NotSupported, statuses["fixture.sdk-too-new@1.0.0"]);
        Assert.Equal(PluginStatus.Malfunctioned, statuses["fixture.throws@1.0.0"]);
        Assert.Equal(PluginStatus.Superseded, statuses["fixture.versioned@1.0.0"]);
        Assert.Equal(PluginStatus.Active, statuses["fixture.versioned@2.0.0"]);
        Assert.Equal(PluginStatus.Active, statuses["fixture.private-dependency-v1@1.0.0"]);
        Assert.Equal(PluginStatus.Active, statuses["fixture.private-dependency-v2@1.0.0"]);
    }

    [Fact]
    public void A_missing_plugins_folder_means_no_plugins()
    {
        var host = PluginHostHarness.Load(Path.Combine(_plugins.Path, "absent"));

        Assert.Empty(host.Catalog.All);
    }
}
