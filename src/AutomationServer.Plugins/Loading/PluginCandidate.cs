using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Manifests;
using NuGet.Versioning;

namespace AutomationServer.Plugins.Loading;

/// <summary>One installed plugin version while the loader decides what becomes of it.</summary>
internal sealed class PluginCandidate(string id, string version, string directory)
{
    public string Id { get; } = id;

    public string Version { get; } = version;

    public string Directory { get; } = directory;

    public NuGetVersion SortVersion { get; } = NuGetVersion.TryParse(version, out var parsed) ? parsed : new NuGetVersion(0, 0, 0);

    public PluginManifest? Manifest { get; set; }

    public string? EntryAssemblyPath { get; set; }

    /// <summary>Null while the candidate may still load.</summary>
    public PluginStatus? Status { get; private set; }

    public string? Reason { get; private set; }

    public PluginContributions Contributions { get; set; } = PluginContributions.None;

    /// <summary>Passed every check that needs no loading.</summary>
    public bool IsLoadable => Status is null && EntryAssemblyPath is not null;

    public void Decide(PluginStatus status, string? reason = null)
    {
        Status = status;
        Reason = reason;
    }

    public PluginCatalogEntry ToEntry() => new()
    {
        Id = Id,
        Version = Version,
        DisplayName = Manifest?.DisplayName,
        Description = Manifest?.Description,
        Author = Manifest?.Author,
        SdkVersion = Manifest is null ? null : $"{Manifest.SdkVersion.Major}.{Manifest.SdkVersion.Minor}",
        DependsOn = Manifest?.DependsOn ?? [],
        Directory = Directory,
        Status = Status ?? PluginStatus.Malfunctioned,
        Reason = Status is null ? "The loader did not reach this plugin." : Reason,
        Contributions = Contributions,
    };
}
