using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Manifests;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// Finds installed plugin versions in <c>&lt;plugins&gt;/&lt;id&gt;/&lt;version&gt;/</c>, applies pending
/// uninstalls, and settles everything that needs no loading: manifest validity, folder names, SDK
/// compatibility, entry path, disabled plugins and superseded versions.
/// </summary>
internal static class PluginDiscovery
{
    public static List<PluginCandidate> Discover(string pluginsDirectory, PluginCatalog catalog)
    {
        var all = new List<PluginCandidate>();
        if (!Directory.Exists(pluginsDirectory))
        {
            catalog.AddMessage(LogLevel.Information, $"Plugins folder '{pluginsDirectory}' does not exist; no plugins loaded.");
            return all;
        }

        foreach (var idDirectory in Directory.EnumerateDirectories(pluginsDirectory).Where(d => !PluginMarkers.IsHidden(d)).Order(StringComparer.Ordinal))
        {
            var versions = new List<PluginCandidate>();
            var removedAny = false;
            foreach (var versionDirectory in Directory.EnumerateDirectories(idDirectory).Where(d => !PluginMarkers.IsHidden(d)))
            {
                var candidate = new PluginCandidate(Path.GetFileName(idDirectory), Path.GetFileName(versionDirectory), versionDirectory);
                if (File.Exists(Path.Combine(versionDirectory, PluginMarkers.Uninstall)))
                {
                    if (TryDelete(versionDirectory, candidate, catalog))
                    {
                        removedAny = true;
                        continue;
                    }
                }
                else
                {
                    Inspect(candidate);
                }

                versions.Add(candidate);
            }

            if (removedAny && versions.Count == 0)
            {
                TryDeleteEmptyPluginFolder(idDirectory);
            }

            ChooseVersion(versions, File.Exists(Path.Combine(idDirectory, PluginMarkers.Disabled)));
            all.AddRange(versions);
        }

        return all;
    }

    private static void Inspect(PluginCandidate candidate)
    {
        PluginManifest manifest;
        try
        {
            manifest = PluginManifestReader.ReadFile(Path.Combine(candidate.Directory, PluginManifest.FileName));
        }
        catch (PluginManifestException ex)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"Invalid manifest: {ex.Message}");
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"The manifest cannot be read: {ex.Message}");
            return;
        }

        candidate.Manifest = manifest;
        if (manifest.Id != candidate.Id)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"id: the manifest's id '{manifest.Id}' does not match its folder '{candidate.Id}' (expected <plugins>/<id>/<version>).");
            return;
        }

        if (candidate.Version != manifest.Version.ToNormalizedString() && candidate.Version != manifest.Version.OriginalVersion)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"version: the manifest's version '{manifest.Version}' does not match its folder '{candidate.Version}' (expected <plugins>/<id>/<version>).");
            return;
        }

        if (SdkCompatibility.Check(manifest.SdkVersion) is { } incompatibility)
        {
            candidate.Decide(PluginStatus.NotSupported, incompatibility);
            return;
        }

        var entry = PluginPaths.ResolveInside(candidate.Directory, manifest.EntryAssembly);
        if (entry is null)
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"entryAssembly: '{manifest.EntryAssembly}' lies outside the plugin folder.");
            return;
        }

        if (!File.Exists(entry))
        {
            candidate.Decide(PluginStatus.Malfunctioned, $"entryAssembly: '{manifest.EntryAssembly}' is missing from the plugin folder.");
            return;
        }

        candidate.EntryAssemblyPath = entry;
    }

    /// <summary>The newest loadable version is the one to load; loadable older versions are superseded by it.</summary>
    private static void ChooseVersion(List<PluginCandidate> versions, bool disabled)
    {
        PluginCandidate? chosen = null;
        foreach (var candidate in versions.OrderByDescending(v => v.SortVersion).ThenByDescending(v => v.Version, StringComparer.Ordinal))
        {
            if (!candidate.IsLoadable)
            {
                continue;
            }

            if (chosen is null)
            {
                chosen = candidate;
                if (disabled)
                {
                    candidate.Decide(PluginStatus.Disabled, $"Disabled: '{PluginMarkers.Disabled}' is present in the plugin's folder.");
                }
            }
            else
            {
                candidate.Decide(PluginStatus.Superseded, $"Version {chosen.Version} is installed.");
            }
        }
    }

    private static bool TryDelete(string versionDirectory, PluginCandidate candidate, PluginCatalog catalog)
    {
        try
        {
            Directory.Delete(versionDirectory, recursive: true);
            catalog.AddMessage(LogLevel.Information, $"Plugin {candidate.Id} {candidate.Version} uninstalled (folder '{versionDirectory}' deleted).");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            candidate.Decide(PluginStatus.Disabled, $"Marked for uninstall, but the folder could not be deleted: {ex.Message}");
            return false;
        }
    }

    private static void TryDeleteEmptyPluginFolder(string idDirectory)
    {
        try
        {
            if (!Directory.EnumerateDirectories(idDirectory).Any())
            {
                Directory.Delete(idDirectory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only markers are left; the folder is harmless and goes on a later start.
        }
    }
}
