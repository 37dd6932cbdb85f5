using System.IO.Compression;
using System.Text.Json.Nodes;

namespace AutomationServer.Plugins.Tests.Infrastructure;

/// <summary>Builds plugin packages in memory: from a built fixture, optionally edited, or from raw entries.</summary>
public static class PluginZip
{
    public static MemoryStream FromFixture(string fixtureName, Action<JsonObject>? editManifest = null, IDictionary<string, byte[]>? extraEntries = null)
    {
        var source = PluginFixtures.PathOf(fixtureName);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            entries[Path.GetRelativePath(source, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }

        var manifest = JsonNode.Parse(entries["plugin.json"])!.AsObject();
        editManifest?.Invoke(manifest);
        entries["plugin.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        foreach (var (name, content) in extraEntries ?? new Dictionary<string, byte[]>())
        {
            entries[name] = content;
        }

        return FromEntries(entries);
    }

    public static MemoryStream FromEntries(IDictionary<string, byte[]> entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
