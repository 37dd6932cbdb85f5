namespace AutomationServer.Plugins;

/// <summary>
/// Where the server finds plugins and how it accepts new ones: the <c>PluginHost</c> configuration section.
/// (<c>Plugins:&lt;id&gt;</c> is each plugin's own options section, hence the different name.)
/// </summary>
public sealed class PluginHostOptions
{
    public const string SectionName = "PluginHost";

    public const long DefaultMaxPackageBytes = 50L * 1024 * 1024;

    /// <summary>The plugins folder, holding <c>&lt;id&gt;/&lt;version&gt;/plugin.json</c>; relative paths resolve against the application folder.</summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>Largest accepted package, both as uploaded and uncompressed.</summary>
    public long MaxPackageBytes { get; set; } = DefaultMaxPackageBytes;

    /// <summary>Reloads a changed plugin's activities without a restart; honoured only in the Development environment.</summary>
    public bool HotReload { get; set; }

    /// <summary>Wait before restarting an event source after its first failure; doubled after each further failure.</summary>
    public TimeSpan EventSourceRestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts. A source that ran at least this long before failing starts over at the shortest wait.</summary>
    public TimeSpan EventSourceMaxRestartDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Null when the settings are usable, else what is wrong (the server refuses to start on it).</summary>
    public string? Validate() =>
        MaxPackageBytes <= 0 ? $"{SectionName}:MaxPackageBytes must be positive."
        : EventSourceRestartDelay <= TimeSpan.Zero || EventSourceMaxRestartDelay < EventSourceRestartDelay
            ? $"{SectionName}:EventSourceRestartDelay must be positive and {SectionName}:EventSourceMaxRestartDelay at least as long."
            : null;

    /// <summary>The plugins folder as an absolute path.</summary>
    public string ResolveDirectory() =>
        Path.GetFullPath(Path.IsPathRooted(Directory) ? Directory : Path.Combine(AppContext.BaseDirectory, Directory));
}
