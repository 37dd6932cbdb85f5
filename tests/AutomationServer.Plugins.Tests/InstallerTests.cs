using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Installation;
using AutomationServer.Plugins.Loading;
using AutomationServer.Plugins.Tests.Infrastructure;

namespace AutomationServer.Plugins.Tests;

public sealed class InstallerTests : IDisposable
{
    private readonly TempPluginsDirectory _plugins = new();
    private readonly PluginCatalog _catalog = new();

    public void Dispose() => _plugins.Dispose();

    private PluginInstaller Installer(long maxBytes = PluginHostOptions.DefaultMaxPackageBytes) =>
        new(new PluginHostOptions { Directory = _plugins.Path, MaxPackageBytes = maxBytes }, _catalog);

    [Fact]
    public async Task A_valid_package_is_installed_into_its_version_folder_and_loads_on_the_next_start()
    {
        using var zip = PluginZip.FromFixture("Basic");

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Installed, result.Outcome);
        Assert.True(result.AppliesOnRestart);
        Assert.Contains("Applies on restart", result.Message);
        var target = Path.Combine(_plugins.Path, "fixture.basic", "1.0.0");
        Assert.Equal(target, result.Directory);
        Assert.True(File.Exists(Path.Combine(target, "plugin.json")));
        Assert.True(File.Exists(Path.Combine(target, "Fixture.Basic.dll")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(_plugins.Path, "fixture.basic")), d => Path.GetFileName(d).StartsWith('.'));
        Assert.Equal(PluginStatus.Installed, _catalog.Find("fixture.basic")!.Status);

        var restarted = PluginHostHarness.Load(_plugins.Path);
        Assert.Equal(PluginStatus.Active, restarted.Entry("fixture.basic").Status);
    }

    [Fact]
    public async Task An_installed_version_is_a_conflict_and_stays_untouched()
    {
        var existing = _plugins.Install("Basic");
        File.WriteAllText(Path.Combine(existing, "sentinel.txt"), "keep");
        using var zip = PluginZip.FromFixture("Basic");

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Conflict, result.Outcome);
        Assert.Equal("version", Assert.Single(result.Problems).Field);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(existing, "sentinel.txt")));
    }

    [Fact]
    public async Task A_newer_version_installs_next_to_the_loaded_one_and_notes_the_pending_change()
    {
        _plugins.Install("VersionedV1");
        var host = PluginHostHarness.Load(_plugins.Path);
        var installer = new PluginInstaller(new PluginHostOptions { Directory = _plugins.Path }, host.Catalog);
        using var zip = PluginZip.FromFixture("VersionedV2");

        var result = await installer.InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Installed, result.Outcome);
        var active = host.Catalog.Find("fixture.versioned", "1.0.0")!;
        Assert.Equal(PluginStatus.Active, active.Status);
        Assert.Contains("2.0.0 installed", active.PendingChange);
        Assert.Equal(PluginStatus.Installed, host.Catalog.Find("fixture.versioned", "2.0.0")!.Status);
    }

    [Theory]
    [InlineData("../evil.dll")]
    [InlineData("lib/../../evil.dll")]
    [InlineData("/etc/evil.dll")]
    [InlineData("C:/evil.dll")]
    public async Task Entries_leaving_the_package_folder_are_refused_and_nothing_is_written(string entryName)
    {
        using var zip = PluginZip.FromFixture("Basic", extraEntries: new Dictionary<string, byte[]> { [entryName] = [1, 2, 3] });

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Problems, p => p.Field == entryName);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_plugins.Path));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_plugins.Path)!, "evil.dll")));
    }

    [Fact]
    public async Task A_package_over_the_size_limit_is_refused()
    {
        using var zip = PluginZip.FromFixture("Basic");

        var result = await Installer(maxBytes: 1024).InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Equal("package", Assert.Single(result.Problems).Field);
        Assert.Contains("1024 bytes", result.Message);
    }

    [Fact]
    public void Contents_over_the_size_limit_are_refused_even_when_they_compress_well()
    {
        using var zip = PluginZip.FromFixture("Basic", extraEntries: new Dictionary<string, byte[]> { ["padding.bin"] = new byte[4 * 1024 * 1024] });
        Assert.True(zip.Length < 512 * 1024);

        var inspection = PluginPackage.Inspect(zip, 1024 * 1024);

        Assert.False(inspection.IsValid);
        Assert.Contains(inspection.Problems, p => p.Field == "package" && p.Message.Contains("uncompressed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_owned_assemblies_in_a_package_are_refused_by_name()
    {
        using var zip = PluginZip.FromFixture("Basic", extraEntries: new Dictionary<string, byte[]>
        {
            ["AutomationServer.Sdk.dll"] = [0],
            ["lib/Microsoft.Extensions.Logging.Abstractions.dll"] = [0],
        });

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Equal(["AutomationServer.Sdk.dll", "lib/Microsoft.Extensions.Logging.Abstractions.dll"], result.Problems.Select(p => p.Field).Order());
    }

    [Fact]
    public async Task A_bad_manifest_names_each_field()
    {
        using var zip = PluginZip.FromFixture("Basic", m => { m["version"] = "latest"; m.Remove("entryAssembly"); });

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Problems, p => p.Field == "version");
        Assert.Contains(result.Problems, p => p.Field == "entryAssembly");
    }

    [Fact]
    public async Task A_package_for_another_sdk_major_is_refused()
    {
        using var zip = PluginZip.FromFixture("SdkTooNew");

        var result = await Installer().InstallAsync(zip, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Contains("different major", Assert.Single(result.Problems, p => p.Field == "sdkVersion").Message);
    }

    [Fact]
    public void A_package_needs_its_manifest_at_the_root_and_its_entry_assembly()
    {
        using var nested = PluginZip.FromEntries(new Dictionary<string, byte[]> { ["basic/plugin.json"] = "{}"u8.ToArray() });
        Assert.Contains(PluginPackage.Inspect(nested, 1_000_000).Problems, p => p.Field == "plugin.json" && p.Message.Contains("root", StringComparison.Ordinal));

        using var noEntry = PluginZip.FromFixture("Basic", m => m["entryAssembly"] = "Other.dll");
        Assert.Contains(PluginPackage.Inspect(noEntry, 1_000_000).Problems, p => p.Field == "entryAssembly" && p.Message.Contains("'Other.dll' is not in the package", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Something_that_is_not_a_zip_is_refused()
    {
        using var stream = new MemoryStream("not a zip"u8.ToArray());

        var result = await Installer().InstallAsync(stream, default);

        Assert.Equal(PluginInstallOutcome.Invalid, result.Outcome);
        Assert.Equal("package", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Uninstall_marks_versions_and_deletes_nothing()
    {
        var v1 = _plugins.Install("VersionedV1");
        var v2 = _plugins.Install("VersionedV2");
        var installer = Installer();

        var one = installer.Uninstall("fixture.versioned", "1.0.0");
        Assert.Equal(PluginChangeOutcome.Applied, one.Outcome);
        Assert.Contains("Applies on restart", one.Message);
        Assert.True(File.Exists(Path.Combine(v1, PluginMarkers.Uninstall)));
        Assert.False(File.Exists(Path.Combine(v2, PluginMarkers.Uninstall)));

        Assert.Equal(PluginChangeOutcome.Applied, installer.Uninstall("fixture.versioned").Outcome);
        Assert.True(File.Exists(Path.Combine(v2, PluginMarkers.Uninstall)));
        Assert.True(File.Exists(Path.Combine(v2, "Fixture.VersionedV2.dll")));
    }

    [Fact]
    public void Enable_and_disable_write_and_remove_the_marker()
    {
        var folder = _plugins.Install("Basic");
        var marker = Path.Combine(Path.GetDirectoryName(folder)!, PluginMarkers.Disabled);
        var host = PluginHostHarness.Load(_plugins.Path);
        var installer = new PluginInstaller(new PluginHostOptions { Directory = _plugins.Path }, host.Catalog);

        Assert.Equal(PluginChangeOutcome.Applied, installer.SetEnabled("fixture.basic", false).Outcome);
        Assert.True(File.Exists(marker));
        Assert.Equal("Disabled. Applies on restart.", host.Entry("fixture.basic").PendingChange);

        Assert.Equal(PluginChangeOutcome.Applied, installer.SetEnabled("fixture.basic", true).Outcome);
        Assert.False(File.Exists(marker));
        Assert.Null(host.Entry("fixture.basic").PendingChange);
    }

    [Theory]
    [InlineData("fixture.unknown")]
    [InlineData("../fixture.basic")]
    [InlineData("Fixture.Basic")]
    public void Unknown_or_invalid_ids_are_not_found(string id)
    {
        _plugins.Install("Basic");
        var installer = Installer();

        Assert.Equal(PluginChangeOutcome.NotFound, installer.SetEnabled(id, false).Outcome);
        Assert.Equal(PluginChangeOutcome.NotFound, installer.Uninstall(id).Outcome);
        Assert.Equal(PluginChangeOutcome.NotFound, installer.Uninstall("fixture.basic", "9.9.9").Outcome);
    }

    [Fact]
    public async Task Concurrent_installs_of_one_version_install_it_once()
    {
        var installer = Installer();
        var packages = Enumerable.Range(0, 6).Select(_ => PluginZip.FromFixture("Basic")).ToList();

        var results = await Task.WhenAll(packages.Select(p => Task.Run(() => installer.InstallAsync(p, default))));

        Assert.Single(results, r => r.Outcome == PluginInstallOutcome.Installed);
        Assert.All(results.Where(r => r.Outcome != PluginInstallOutcome.Installed), r => Assert.Equal(PluginInstallOutcome.Conflict, r.Outcome));
        Assert.Equal(["1.0.0"], Directory.EnumerateDirectories(Path.Combine(_plugins.Path, "fixture.basic")).Select(Path.GetFileName));
        packages.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task Concurrent_marker_changes_do_not_fail()
    {
        _plugins.Install("Basic");
        var installer = Installer();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            i % 3 == 0 ? installer.Uninstall("fixture.basic") : installer.SetEnabled("fixture.basic", i % 2 == 0))));

        Assert.All(results, r => Assert.Equal(PluginChangeOutcome.Applied, r.Outcome));
    }
}
