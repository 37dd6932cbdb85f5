using Microsoft.Extensions.Logging;
using NuGet.Versioning;

namespace AutomationServer.Plugins.Catalog;

/// <summary>
/// Every installed plugin version with its status, as decided when the server started, plus the changes
/// made since then that apply on the next restart. One per server (a singleton).
/// </summary>
public sealed class PluginCatalog
{
    private readonly Lock _lock = new();
    private readonly List<PluginCatalogEntry> _entries = [];
    private readonly List<PluginStartupMessage> _messages = [];

    /// <summary>Every installed version: by id, newest version first.</summary>
    public IReadOnlyList<PluginCatalogEntry> All
    {
        get
        {
            lock (_lock)
            {
                return _entries
                    .OrderBy(e => e.Id, StringComparer.Ordinal)
                    .ThenByDescending(e => ParseVersion(e.Version))
                    .ThenByDescending(e => e.Version, StringComparer.Ordinal)
                    .ToList();
            }
        }
    }

    /// <summary>
    /// The version of <paramref name="id"/> that counts: the active one, else the newest that is not
    /// superseded. Null when no version of the plugin is installed.
    /// </summary>
    public PluginCatalogEntry? Find(string id)
    {
        var versions = All.Where(e => e.Id == id).ToList();
        return versions.FirstOrDefault(e => e.Status == PluginStatus.Active)
            ?? versions.FirstOrDefault(e => e.Status != PluginStatus.Superseded)
            ?? versions.FirstOrDefault();
    }

    /// <summary>Every installed version of <paramref name="id"/>, newest first.</summary>
    public IReadOnlyList<PluginCatalogEntry> FindVersions(string id) => All.Where(e => e.Id == id).ToList();

    public PluginCatalogEntry? Find(string id, string version) =>
        All.FirstOrDefault(e => e.Id == id && (e.Version == version || SameVersion(e.Version, version)));

    /// <summary>What the loader had to say while the server started, logged once the host runs.</summary>
    public IReadOnlyList<PluginStartupMessage> StartupMessages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToList();
            }
        }
    }

    internal void Set(PluginCatalogEntry entry)
    {
        lock (_lock)
        {
            var index = _entries.FindIndex(e => e.Id == entry.Id && e.Version == entry.Version);
            if (index >= 0)
            {
                _entries[index] = entry;
            }
            else
            {
                _entries.Add(entry);
            }
        }
    }

    internal void AddMessage(LogLevel level, string message, Exception? exception = null)
    {
        lock (_lock)
        {
            _messages.Add(new PluginStartupMessage(level, message, exception));
        }
    }

    /// <summary>Notes a change on one version (or, with no version, on every version) of a plugin.</summary>
    internal void SetPendingChange(string id, string? version, string? change)
    {
        lock (_lock)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (entry.Id == id && (version is null || entry.Version == version || SameVersion(entry.Version, version)))
                {
                    _entries[i] = entry with { PendingChange = change };
                }
            }
        }
    }

    private static NuGetVersion ParseVersion(string text) =>
        NuGetVersion.TryParse(text, out var version) ? version : new NuGetVersion(0, 0, 0);

    private static bool SameVersion(string a, string b) =>
        NuGetVersion.TryParse(a, out var left) && NuGetVersion.TryParse(b, out var right) && left == right;
}

/// <summary>Something the loader noticed before logging was available (the host logs these once it starts).</summary>
public sealed record PluginStartupMessage(LogLevel Level, string Message, Exception? Exception);
