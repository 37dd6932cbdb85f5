using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Plugins.Installation;

public enum PluginInstallOutcome
{
    /// <summary>Extracted into its version folder; loads on the next restart.</summary>
    Installed,

    /// <summary>The package was refused; <see cref="PluginInstallResult.Problems"/> says why.</summary>
    Invalid,

    /// <summary>That version of the plugin is already installed; nothing was changed.</summary>
    Conflict,
}

/// <summary>What an install did. <see cref="Message"/> is ready to show (and says the change applies on restart).</summary>
public sealed record PluginInstallResult(
    PluginInstallOutcome Outcome,
    string Message,
    PluginManifest? Manifest,
    string? Directory,
    IReadOnlyList<PluginProblem> Problems)
{
    public bool AppliesOnRestart => Outcome == PluginInstallOutcome.Installed;
}

public enum PluginChangeOutcome
{
    /// <summary>The marker was written (or removed); applies on the next restart.</summary>
    Applied,

    /// <summary>No such plugin (or version) is installed.</summary>
    NotFound,
}

/// <summary>What an enable, disable or uninstall did.</summary>
public sealed record PluginChangeResult(PluginChangeOutcome Outcome, string Message)
{
    public bool AppliesOnRestart => Outcome == PluginChangeOutcome.Applied;
}
