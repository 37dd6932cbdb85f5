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

    /// <summary>The plugins folder as an absolute path.</summary>
    public string ResolveDirectory() =>
        Path.GetFullPath(Path.IsPathRooted(Directory) ? Directory : Path.Combine(AppContext.BaseDirectory, Directory));
}
