using System.IO.Compression;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Loading;
using AutomationServer.Plugins.Manifests;
using NuGet.Versioning;

namespace AutomationServer.Plugins.Installation;

/// <summary>
/// Changes what is installed in the plugins folder. Nothing here touches a loaded plugin's files: installs
/// add a new version folder, uninstalls and disables leave markers, and every change applies on restart.
/// Safe under concurrent calls.
/// </summary>
public sealed class PluginInstaller(PluginHostOptions options, PluginCatalog catalog)
{
    public const string RestartNote = "Applies on restart.";

    private readonly Lock _lock = new();
    private readonly string _directory = options.ResolveDirectory();

    /// <summary>The plugins folder this installer writes to.</summary>
    public string PluginsDirectory => _directory;

    /// <summary>Validates a package and extracts it into <c>&lt;plugins&gt;/&lt;id&gt;/&lt;version&gt;</c>; an installed version is never overwritten.</summary>
    public async Task<PluginInstallResult> InstallAsync(Stream zip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var upload = Path.Combine(Path.GetTempPath(), $"automation-plugin-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = new FileStream(upload, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                if (!await CopyAtMostAsync(zip, file, options.MaxPackageBytes, cancellationToken))
                {
                    return Invalid([new PluginProblem("package", $"The package is larger than the limit of {options.MaxPackageBytes} bytes.")]);
                }
            }

            using var archiveStream = File.OpenRead(upload);
            var inspection = PluginPackage.Inspect(archiveStream, options.MaxPackageBytes);
            if (!inspection.IsValid)
            {
                return Invalid(inspection.Problems);
            }

            var manifest = inspection.Manifest!;
            var version = manifest.Version.ToNormalizedString();
            var pluginDirectory = Path.Combine(_directory, manifest.Id);
            var target = Path.Combine(pluginDirectory, version);
            if (Directory.Exists(target))
            {
                return Conflict(manifest, target);
            }

            Directory.CreateDirectory(pluginDirectory);
            var staging = Path.Combine(pluginDirectory, $".install-{Guid.NewGuid():N}");
            try
            {
                archiveStream.Position = 0;
                Extract(archiveStream, staging, options.MaxPackageBytes, cancellationToken);
                lock (_lock)
                {
                    if (Directory.Exists(target))
                    {
                        return Conflict(manifest, target);
                    }

                    // One rename: the loader sees either no version folder or a complete one.
                    Directory.Move(staging, target);
                    RecordInstall(manifest, version, target);
                }
            }
            finally
            {
                TryDeleteDirectory(staging);
            }

            return new PluginInstallResult(PluginInstallOutcome.Installed,
                $"Plugin {manifest.Id} {version} installed into '{target}'. {RestartNote}", manifest, target, []);
        }
        catch (InvalidDataException ex)
        {
            return Invalid([new PluginProblem("package", $"The zip archive is damaged: {ex.Message}")]);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    /// <summary>Marks one version (or, without <paramref name="version"/>, every version) for deletion at the next start.</summary>
    public PluginChangeResult Uninstall(string id, string? version = null)
    {
        lock (_lock)
        {
            if (FindPluginDirectory(id) is not { } pluginDirectory)
            {
                return NotFound(id);
            }

            var versions = Directory.EnumerateDirectories(pluginDirectory).Where(d => !PluginMarkers.IsHidden(d)).ToList();
            if (version is not null)
            {
                versions = versions.Where(d => SameVersion(Path.GetFileName(d), version)).ToList();
                if (versions.Count == 0)
                {
                    return new PluginChangeResult(PluginChangeOutcome.NotFound, $"Version '{version}' of plugin '{id}' is not installed.");
                }
            }
            else if (versions.Count == 0)
            {
                return NotFound(id);
            }

            foreach (var versionDirectory in versions)
            {
                File.WriteAllText(Path.Combine(versionDirectory, PluginMarkers.Uninstall), $"Requested {DateTimeOffset.UtcNow:O}\n");
                catalog.SetPendingChange(id, Path.GetFileName(versionDirectory), $"Uninstalled; the folder is deleted at the next start. {RestartNote}");
            }

            var names = string.Join(", ", versions.Select(Path.GetFileName));
            return new PluginChangeResult(PluginChangeOutcome.Applied, $"Plugin {id} {names} will be removed. {RestartNote}");
        }
    }

    /// <summary>Enables or disables every version of a plugin (the <c>.disabled</c> marker).</summary>
    public PluginChangeResult SetEnabled(string id, bool enabled)
    {
        lock (_lock)
        {
            if (FindPluginDirectory(id) is not { } pluginDirectory)
            {
                return NotFound(id);
            }

            var marker = Path.Combine(pluginDirectory, PluginMarkers.Disabled);
            if (enabled)
            {
                File.Delete(marker);
            }
            else if (!File.Exists(marker))
            {
                File.WriteAllText(marker, $"Disabled {DateTimeOffset.UtcNow:O}\n");
            }

            // Undoing a change made since the start leaves nothing pending.
            var wasDisabledAtStart = catalog.Find(id)?.Status == PluginStatus.Disabled;
            var change = enabled == wasDisabledAtStart ? $"{(enabled ? "Enabled" : "Disabled")}. {RestartNote}" : null;
            foreach (var entry in catalog.FindVersions(id).Where(e => e.Status != PluginStatus.Installed))
            {
                catalog.SetPendingChange(id, entry.Version, change);
            }

            return new PluginChangeResult(PluginChangeOutcome.Applied, $"Plugin {id} {(enabled ? "enabled" : "disabled")}. {RestartNote}");
        }
    }

    private void RecordInstall(PluginManifest manifest, string version, string target)
    {
        var note = $"Version {version} installed. {RestartNote}";
        foreach (var entry in catalog.FindVersions(manifest.Id))
        {
            catalog.SetPendingChange(manifest.Id, entry.Version, note);
        }

        catalog.Set(new PluginCatalogEntry
        {
            Id = manifest.Id,
            Version = version,
            DisplayName = manifest.DisplayName,
            Description = manifest.Description,
            Author = manifest.Author,
            SdkVersion = $"{manifest.SdkVersion.Major}.{manifest.SdkVersion.Minor}",
            DependsOn = manifest.DependsOn,
            Directory = target,
            Status = PluginStatus.Installed,
            Reason = "Installed while the server runs.",
            PendingChange = note,
        });
    }

    private string? FindPluginDirectory(string id)
    {
        if (string.IsNullOrEmpty(id) || !PluginManifestReader.IsValidId(id))
        {
            return null;
        }

        var directory = Path.Combine(_directory, id);
        return Directory.Exists(directory) ? directory : null;
    }

    private static void Extract(Stream zip, string destination, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        long remaining = maxBytes;
        foreach (var entry in archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = PluginPaths.ResolveInside(destination, PluginPackage.Normalize(entry.FullName).TrimEnd('/'))
                ?? throw new InvalidDataException($"'{entry.FullName}' leaves the package folder.");
            if (PluginPackage.IsDirectory(entry))
            {
                Directory.CreateDirectory(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = entry.Open();
            using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            // Counts what actually comes out, not what the headers claim (zip bombs lie).
            var limit = Math.Min(remaining, entry.Length);
            if (!PluginPackage.CopyAtMost(source, target, limit))
            {
                throw new InvalidDataException($"'{entry.FullName}' holds more data than its header states.");
            }

            remaining -= target.Length;
        }
    }

    private static async Task<bool> CopyAtMostAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copied += read;
            if (copied > maxBytes)
            {
                return false;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return true;
    }

    private static bool SameVersion(string folder, string version) =>
        folder == version || (NuGetVersion.TryParse(folder, out var left) && NuGetVersion.TryParse(version, out var right) && left == right);

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover staging folder starts with a dot and is ignored by the loader.
        }
    }

    private static PluginInstallResult Invalid(IReadOnlyList<PluginProblem> problems) =>
        new(PluginInstallOutcome.Invalid, $"The package was refused: {string.Join("; ", problems)}", null, null, problems);

    private static PluginInstallResult Conflict(PluginManifest manifest, string target) =>
        new(PluginInstallOutcome.Conflict,
            $"Plugin {manifest.Id} {manifest.Version.ToNormalizedString()} is already installed; uninstall it first or raise the version.",
            manifest, target, [new PluginProblem("version", $"Version {manifest.Version.ToNormalizedString()} of '{manifest.Id}' is already installed.")]);

    private static PluginChangeResult NotFound(string id) =>
        new(PluginChangeOutcome.NotFound, $"Plugin '{id}' is not installed.");
}
