using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Plugins.Installation;

/// <summary>What <see cref="PluginPackage.Inspect"/> found: the manifest (when readable) and every problem, each naming its field or file.</summary>
public sealed record PluginPackageInspection(PluginManifest? Manifest, IReadOnlyList<PluginProblem> Problems)
{
    public bool IsValid => Manifest is not null && Problems.Count == 0;
}
