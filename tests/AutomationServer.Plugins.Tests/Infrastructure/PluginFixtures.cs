using System.Text.Json.Nodes;

namespace AutomationServer.Plugins.Tests.Infrastructure;

/// <summary>
/// The built plugin fixtures (tests/TestAssets/plugins, laid out by PluginFixtures.targets under
/// <c>plugin-fixtures/&lt;FixtureName&gt;/</c> next to the test assembly) and a way to install them into a plugins folder.
/// </summary>
public static class PluginFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "plugin-fixtures");

    /// <summary>The built folder of one fixture (its output and plugin.json).</summary>
    public static string PathOf(string fixtureName)
    {
        var path = Path.Combine(Root, fixtureName);
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"Plugin fixture '{fixtureName}' was not built into '{path}'; import tests/TestAssets/plugins/PluginFixtures.targets in the test project.");
    }

    /// <summary>
    /// Copies a fixture into <c>&lt;pluginsDirectory&gt;/&lt;id&gt;/&lt;version&gt;/</c> (id and version from its
    /// manifest after <paramref name="editManifest"/>) and returns that folder.
    /// </summary>
    public static string Install(string pluginsDirectory, string fixtureName, Action<JsonObject>? editManifest = null)
    {
        var source = PathOf(fixtureName);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "plugin.json")))!.AsObject();
        editManifest?.Invoke(manifest);
        var target = Path.Combine(pluginsDirectory, (string)manifest["id"]!, (string)manifest["version"]!);
        CopyDirectory(source, target);
        File.WriteAllText(Path.Combine(target, "plugin.json"), manifest.ToJsonString());
        return target;
    }

    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}

/// <summary>An empty plugins folder of a test's own, deleted afterwards.</summary>
public sealed class TempPluginsDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "automation-plugins-" + Guid.NewGuid().ToString("N"));

    public TempPluginsDirectory() => Directory.CreateDirectory(Path);

    public string Install(string fixtureName, Action<JsonObject>? editManifest = null) => PluginFixtures.Install(Path, fixtureName, editManifest);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Loaded plugin files may still be open on some systems; the temp folder is cleaned up eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
