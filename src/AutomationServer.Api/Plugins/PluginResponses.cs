using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Services;

namespace AutomationServer.Api.Plugins;

/// <summary>The installed plugins and the SDK version this server runs (plugins built for a newer minor are NotSupported).</summary>
public sealed record PluginListResponse(string SdkVersion, bool HotReload, IReadOnlyList<PluginCatalogEntryResponse> Plugins);

/// <summary>One installed plugin version as the management API shows it, with what its event sources are doing now.</summary>
public sealed record PluginCatalogEntryResponse(
    string Id,
    string Version,
    string? DisplayName,
    string? Description,
    string? Author,
    string? SdkVersion,
    IReadOnlyList<string> DependsOn,
    PluginStatus Status,
    string? Reason,
    PluginContributions Contributions,
    string? PendingChange,
    IReadOnlyList<EventSourceState> EventSourceStates)
{
    public static PluginCatalogEntryResponse From(PluginCatalogEntry entry, EventSourceMonitor monitor) => new(
        entry.Id, entry.Version, entry.DisplayName, entry.Description, entry.Author, entry.SdkVersion,
        entry.DependsOn, entry.Status, entry.Reason, entry.Contributions, entry.PendingChange,
        entry.Status == PluginStatus.Active ? monitor.GetStates(entry.Id) : []);
}

/// <summary>The answer to an install, enable, disable or uninstall: nothing changes in the running server until it restarts.</summary>
public sealed record PluginChangeResponse(string Message, bool RestartRequired, string? Id = null, string? Version = null);
