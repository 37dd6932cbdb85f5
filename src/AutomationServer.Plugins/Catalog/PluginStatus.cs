namespace AutomationServer.Plugins.Catalog;

/// <summary>What became of an installed plugin version when the server started.</summary>
public enum PluginStatus
{
    /// <summary>Loaded and configured; its contributions are in use.</summary>
    Active,

    /// <summary>Switched off by an administrator (a <c>.disabled</c> marker in the plugin's folder).</summary>
    Disabled,

    /// <summary>Built for an SDK this server cannot run: another major version, or a newer minor.</summary>
    NotSupported,

    /// <summary>Invalid manifest or options, or threw while loading or configuring; the reason holds the error.</summary>
    Malfunctioned,

    /// <summary>An older version of a plugin whose newer version is the one loaded.</summary>
    Superseded,

    /// <summary>A plugin it depends on is not installed or not active.</summary>
    MissingDependency,

    /// <summary>Installed while the server runs; loaded at the next start.</summary>
    Installed,
}
