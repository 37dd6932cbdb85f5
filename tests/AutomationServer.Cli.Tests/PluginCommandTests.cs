using System.IO.Compression;
using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Cli.Tests;

[Collection(PluginProjectCollection.Name)]
public sealed class PluginCommandTests(PluginProjectFixture fixture)
{
    [Fact]
    public void The_generated_project_builds_outside_the_repository_against_the_sdk_package()
    {
        Assert.True(fixture.New.ExitCode == 0, fixture.New.ToString());
        Assert.True(fixture.Build.ExitCode == 0, fixture.Build.Output);
        Assert.True(File.Exists(Path.Combine(fixture.ProjectDirectory, "nuget.config")));
        var output = Path.Combine(fixture.ProjectDirectory, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Acme.Scoring.dll")));
        Assert.False(File.Exists(Path.Combine(output, "AutomationServer.Sdk.dll")), "the SDK must not be copied into a plugin");
    }

    [Fact]
    public void Pack_writes_a_zip_with_the_manifest_at_its_root_the_entry_assembly_and_no_sdk()
    {
        Assert.True(fixture.Pack.ExitCode == 0, fixture.Pack.ToString());
        Assert.Contains(fixture.ZipPath, fixture.Pack.Output);
        using var zip = ZipFile.OpenRead(fixture.ZipPath);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("plugin.json", names);
        Assert.Contains("Acme.Scoring.dll", names);
        Assert.DoesNotContain(names, n => n.EndsWith("AutomationServer.Sdk.dll", StringComparison.OrdinalIgnoreCase));

        using var manifestStream = zip.GetEntry("plugin.json")!.Open();
        using var buffer = new MemoryStream();
        manifestStream.CopyTo(buffer);
        var manifest = PluginManifestReader.Parse(buffer.ToArray());
        Assert.Equal("acme.scoring", manifest.Id);
        Assert.Equal("Acme.Scoring.dll", manifest.EntryAssembly);
        Assert.Null(SdkCompatibility.Check(manifest.SdkVersion));
    }

    [Fact]
    public async Task Pack_refuses_an_invalid_manifest_naming_each_field()
    {
        var project = fixture.CopyProject("BadManifest");
        File.WriteAllText(Path.Combine(project, "plugin.json"), """{ "id": "Acme Scoring", "version": "one", "sdkVersion": "1.0", "entryAssembly": "../Acme.Scoring.dll" }""");

        var run = await CliRun.RunAsync("plugin", "pack", project, "--output", Path.Combine(fixture.Root, "bad-dist"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("id: 'Acme Scoring' is not a valid plugin id", run.Error);
        Assert.Contains("version: 'one' is not a semantic version", run.Error);
        Assert.Contains("entryAssembly: '../Acme.Scoring.dll' must not leave the plugin folder", run.Error);
        Assert.False(Directory.Exists(Path.Combine(fixture.Root, "bad-dist")));
    }

    [Fact]
    public async Task Pack_refuses_a_plugin_built_for_another_sdk_major()
    {
        var project = fixture.CopyProject("WrongSdk");
        var manifest = Path.Combine(project, "plugin.json");
        var current = $"\"sdkVersion\": \"{AutomationServer.Sdk.Plugins.SdkInfo.Version.ToString(2)}\"";
        Assert.Contains(current, File.ReadAllText(manifest));
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(current, "\"sdkVersion\": \"2.0\"", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("plugin", "pack", project, "--output", Path.Combine(fixture.Root, "wrong-sdk-dist"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("sdkVersion: Built for SDK 2.0", run.Error);
    }

    [Fact]
    public async Task Pack_refuses_a_build_output_that_ships_a_host_owned_assembly()
    {
        var project = fixture.CopyProject("ShipsSdk");
        var csproj = Path.Combine(project, "Acme.Scoring.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(" ExcludeAssets=\"runtime\" PrivateAssets=\"all\"", string.Empty, StringComparison.Ordinal));

        var run = await CliRun.RunAsync("plugin", "pack", project, "--output", Path.Combine(fixture.Root, "ships-sdk-dist"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AutomationServer.Sdk.dll: 'AutomationServer.Sdk.dll' is supplied by the server", run.Error);
        Assert.False(File.Exists(Path.Combine(fixture.Root, "ships-sdk-dist", "acme.scoring-1.0.0.zip")));
    }

    [Theory]
    [InlineData("AutomationServer.Extras", "name: Names starting with 'AutomationServer' are reserved")]
    [InlineData("1Bad-Name", "name: '1Bad-Name' must be a C# namespace-like name")]
    public async Task New_refuses_names_the_server_would_not_load(string name, string expected)
    {
        var target = Path.Combine(fixture.Root, "refused-" + Guid.NewGuid().ToString("N")[..6]);

        var run = await CliRun.RunAsync("plugin", "new", name, "--output", target);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task New_refuses_an_sdk_source_without_the_package()
    {
        var run = await CliRun.RunAsync("plugin", "new", "Acme.Other", "--output", Path.Combine(fixture.Root, "other"), "--sdk-source", fixture.Root);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--sdk-source: ", run.Error);
        Assert.Contains("AutomationServer.Sdk.1.3.0.nupkg", run.Error);
    }
}
