using System.Text.Json;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace AutomationServer.Plugins.Manifests;

/// <summary>
/// Reads and validates <c>plugin.json</c>. The single place that decides what a valid manifest is:
/// the loader, the install endpoint and <c>automation plugin pack</c> all come through here.
/// </summary>
public static partial class PluginManifestReader
{
    public const int MaxManifestBytes = 64 * 1024;

    /// <summary>Lower-case letters and digits in dot- or dash-separated segments: <c>acme.crm</c>, <c>webhook</c>, <c>my-plugin</c>.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:[.-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>True when <paramref name="id"/> is a valid plugin id (safe to use as a folder name).</summary>
    public static bool IsValidId(string id) => id.Length <= 100 && IdPattern().IsMatch(id);

    public static PluginManifest ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PluginManifestException([new(PluginManifest.FileName, $"'{PluginManifest.FileName}' is missing.")]);
        }

        if (info.Length > MaxManifestBytes)
        {
            throw new PluginManifestException([new(PluginManifest.FileName, $"The manifest is larger than {MaxManifestBytes / 1024} KB.")]);
        }

        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>Parses and validates a manifest; throws <see cref="PluginManifestException"/> listing every problem.</summary>
    public static PluginManifest Parse(ReadOnlySpan<byte> json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PluginManifestException([new(PluginManifest.FileName, $"Not valid JSON: {ex.Message}")]);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PluginManifestException([new(PluginManifest.FileName, "The manifest must be a JSON object.")]);
        }

        var problems = new List<PluginProblem>();
        var id = ReadString(root, "id", problems, required: true);
        if (id is not null && (id.Length > 100 || !IdPattern().IsMatch(id)))
        {
            problems.Add(new("id", $"'{id}' is not a valid plugin id: use lower-case letters and digits in dot- or dash-separated segments (at most 100 characters)."));
        }

        var versionText = ReadString(root, "version", problems, required: true);
        NuGetVersion? version = null;
        if (versionText is not null && !NuGetVersion.TryParseStrict(versionText, out version))
        {
            problems.Add(new("version", $"'{versionText}' is not a semantic version (e.g. 1.2.0)."));
        }

        var sdkText = ReadString(root, "sdkVersion", problems, required: true);
        Version? sdkVersion = null;
        if (sdkText is not null && !TryParseSdkVersion(sdkText, out sdkVersion))
        {
            problems.Add(new("sdkVersion", $"'{sdkText}' is not an SDK version (e.g. 1.0 or 1.0.0)."));
        }

        var entry = ReadString(root, "entryAssembly", problems, required: true);
        if (entry is not null && PluginPaths.CheckEntryAssembly(entry) is { } entryProblem)
        {
            problems.Add(new("entryAssembly", entryProblem));
        }

        var displayName = ReadString(root, "displayName", problems, required: false);
        var description = ReadString(root, "description", problems, required: false);
        var author = ReadString(root, "author", problems, required: false);
        var dependsOn = ReadDependsOn(root, id, problems);

        if (problems.Count > 0)
        {
            throw new PluginManifestException(problems);
        }

        return new PluginManifest
        {
            Id = id!,
            Version = version!,
            SdkVersion = sdkVersion!,
            EntryAssembly = entry!.Replace('\\', '/'),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? id! : displayName,
            Description = description,
            Author = author,
            DependsOn = dependsOn,
        };
    }

    private static string? ReadString(JsonElement root, string name, List<PluginProblem> problems, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add(new(name, $"'{name}' is required."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(name, $"'{name}' must be a string."));
            return null;
        }

        var text = value.GetString()!.Trim();
        if (required && text.Length == 0)
        {
            problems.Add(new(name, $"'{name}' must not be empty."));
            return null;
        }

        return text;
    }

    private static List<string> ReadDependsOn(JsonElement root, string? id, List<PluginProblem> problems)
    {
        var result = new List<string>();
        if (!root.TryGetProperty("dependsOn", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("dependsOn", "'dependsOn' must be an array of plugin ids."));
            return result;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var dependency = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : null;
            if (dependency is null || !IdPattern().IsMatch(dependency))
            {
                problems.Add(new($"dependsOn[{index}]", "Each dependency must be a plugin id."));
            }
            else if (dependency == id)
            {
                problems.Add(new($"dependsOn[{index}]", "A plugin cannot depend on itself."));
            }
            else if (!result.Contains(dependency))
            {
                result.Add(dependency);
            }

            index++;
        }

        return result;
    }

    /// <summary>Accepts <c>major.minor</c> or <c>major.minor.patch</c>; only major and minor matter for compatibility.</summary>
    internal static bool TryParseSdkVersion(string text, out Version? version)
    {
        version = null;
        if (NuGetVersion.TryParseStrict(text, out var semantic))
        {
            version = new Version(semantic.Major, semantic.Minor);
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length == 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor) && major >= 0 && minor >= 0)
        {
            version = new Version(major, minor);
            return true;
        }

        return false;
    }
}
