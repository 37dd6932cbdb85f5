namespace AutomationServer.Plugins.Loading;

/// <summary>Files an administrator (or the installer) leaves in the plugins folder; read at the next start.</summary>
public static class PluginMarkers
{
    /// <summary>In <c>&lt;plugins&gt;/&lt;id&gt;/</c>: the whole plugin stays off.</summary>
    public const string Disabled = ".disabled";

    /// <summary>In <c>&lt;plugins&gt;/&lt;id&gt;/&lt;version&gt;/</c>: the version's folder is deleted before plugins load.</summary>
    public const string Uninstall = ".uninstall";

    /// <summary>Folders starting with a dot (markers, installs in progress) are never plugins.</summary>
    public static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');
}
