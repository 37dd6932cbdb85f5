namespace AutomationServer.Plugins.Catalog;

/// <summary>One installed plugin version and what became of it at startup.</summary>
public sealed record PluginCatalogEntry
{
    /// <summary>The manifest's id, or the folder name when the manifest could not be read.</summary>
    public required string Id { get; init; }

    /// <summary>The manifest's version, or the folder name when the manifest could not be read.</summary>
    public required string Version { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Author { get; init; }

    /// <summary>The SDK version the plugin was built against (major.minor).</summary>
    public string? SdkVersion { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The plugin version's folder, <c>&lt;plugins&gt;/&lt;id&gt;/&lt;version&gt;</c>.</summary>
    public required string Directory { get; init; }

    public required PluginStatus Status { get; init; }

    /// <summary>Why the plugin is not active (or what else an operator should know), in words.</summary>
    public string? Reason { get; init; }

    public PluginContributions Contributions { get; init; } = PluginContributions.None;

    /// <summary>A change made since the server started (installed, disabled, enabled, uninstalled) that applies on restart.</summary>
    public string? PendingChange { get; init; }
}
