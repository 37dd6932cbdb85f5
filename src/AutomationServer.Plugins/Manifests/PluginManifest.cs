using NuGet.Versioning;

namespace AutomationServer.Plugins.Manifests;

/// <summary>
/// A plugin's <c>plugin.json</c>, validated: the id and version that name its folder
/// (<c>plugins/&lt;id&gt;/&lt;version&gt;</c>), the SDK version it was built against, its entry assembly
/// (relative to the folder) and the plugins it needs loaded first.
/// </summary>
public sealed record PluginManifest
{
    public const string FileName = "plugin.json";

    public required string Id { get; init; }

    public required NuGetVersion Version { get; init; }

    /// <summary>The SDK major.minor the plugin was compiled against.</summary>
    public required Version SdkVersion { get; init; }

    /// <summary>The entry assembly's path relative to the plugin folder, with forward slashes.</summary>
    public required string EntryAssembly { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Author { get; init; }

    /// <summary>Ids of plugins that must be active before this one is configured.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}
