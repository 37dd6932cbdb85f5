using System.IO.Compression;
using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Plugins.Installation;

/// <summary>
/// Checks a plugin package (a zip with <c>plugin.json</c> at its root) before anything is extracted:
/// size, entry names, manifest, entry assembly, host-owned assemblies, SDK compatibility. Shared by the
/// server's installer and the <c>automation plugin pack</c> command, so it needs no host services.
/// </summary>
public static class PluginPackage
{
    public const int MaxEntries = 10_000;

    /// <summary>Inspects a package; <paramref name="maxBytes"/> limits both the package and its uncompressed contents.</summary>
    public static PluginPackageInspection Inspect(Stream zip, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (!zip.CanSeek)
        {
            using var buffer = new MemoryStream();
            if (!CopyAtMost(zip, buffer, maxBytes))
            {
                return Fail(TooLarge(maxBytes));
            }

            buffer.Position = 0;
            return Inspect(buffer, maxBytes);
        }

        if (zip.Length - zip.Position > maxBytes)
        {
            return Fail(TooLarge(maxBytes));
        }

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            return Fail(new PluginProblem("package", $"Not a zip archive: {ex.Message}"));
        }

        using (archive)
        {
            try
            {
                return Inspect(archive, maxBytes);
            }
            catch (InvalidDataException ex)
            {
                return Fail(new PluginProblem("package", $"The zip archive is damaged: {ex.Message}"));
            }
        }
    }

    private static PluginPackageInspection Inspect(ZipArchive archive, long maxBytes)
    {
        var problems = new List<PluginProblem>();
        if (archive.Entries.Count > MaxEntries)
        {
            return Fail(new PluginProblem("package", $"The package has {archive.Entries.Count} entries; at most {MaxEntries} are allowed."));
        }

        long total = 0;
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            if (CheckEntryName(entry.FullName) is { } nameProblem)
            {
                problems.Add(new PluginProblem(entry.FullName, nameProblem));
                continue;
            }

            total += entry.Length;
            if (total > maxBytes)
            {
                problems.Add(new PluginProblem("package", $"The uncompressed contents exceed the limit of {maxBytes} bytes."));
                break;
            }

            if (IsDirectory(entry))
            {
                continue;
            }

            var name = Normalize(entry.FullName);
            files.Add(name);
            if (HostOwnedAssemblies.IsHostOwned(name))
            {
                problems.Add(new PluginProblem(name, $"'{Path.GetFileName(name)}' is supplied by the server; remove it from the package (reference the SDK with Private=false / ExcludeAssets=runtime)."));
            }
        }

        var manifest = ReadManifest(archive, problems);
        if (manifest is not null)
        {
            if (!files.Contains(manifest.EntryAssembly))
            {
                problems.Add(new PluginProblem("entryAssembly", $"'{manifest.EntryAssembly}' is not in the package."));
            }

            if (SdkCompatibility.Check(manifest.SdkVersion) is { } incompatibility)
            {
                problems.Add(new PluginProblem("sdkVersion", incompatibility));
            }
        }

        return new PluginPackageInspection(manifest, problems);
    }

    /// <summary>Null when an entry name stays inside the package folder, else why not (zip-slip).</summary>
    public static string? CheckEntryName(string fullName)
    {
        var name = Normalize(fullName);
        if (name.Length == 0 || name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(fullName))
        {
            return "The entry name must be a relative path.";
        }

        return name.TrimEnd('/').Split('/').Any(segment => segment is ".." or "." or "")
            ? "The entry name must not leave the package folder ('..', '.' and empty segments are refused)."
            : null;
    }

    internal static string Normalize(string fullName) => fullName.Replace('\\', '/');

    internal static bool IsDirectory(ZipArchiveEntry entry) => Normalize(entry.FullName).EndsWith('/');

    /// <summary>Copies up to <paramref name="maxBytes"/>; false when the source holds more.</summary>
    internal static bool CopyAtMost(Stream source, Stream destination, long maxBytes)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            copied += read;
            if (copied > maxBytes)
            {
                return false;
            }

            destination.Write(buffer, 0, read);
        }

        return true;
    }

    private static PluginManifest? ReadManifest(ZipArchive archive, List<PluginProblem> problems)
    {
        var entry = archive.Entries.FirstOrDefault(e => Normalize(e.FullName) == PluginManifest.FileName);
        if (entry is null)
        {
            problems.Add(new PluginProblem(PluginManifest.FileName, $"'{PluginManifest.FileName}' must be at the root of the package."));
            return null;
        }

        if (entry.Length > PluginManifestReader.MaxManifestBytes)
        {
            problems.Add(new PluginProblem(PluginManifest.FileName, $"The manifest is larger than {PluginManifestReader.MaxManifestBytes / 1024} KB."));
            return null;
        }

        using var content = entry.Open();
        using var bytes = new MemoryStream();
        if (!CopyAtMost(content, bytes, PluginManifestReader.MaxManifestBytes))
        {
            problems.Add(new PluginProblem(PluginManifest.FileName, $"The manifest is larger than {PluginManifestReader.MaxManifestBytes / 1024} KB."));
            return null;
        }

        try
        {
            return PluginManifestReader.Parse(bytes.ToArray());
        }
        catch (PluginManifestException ex)
        {
            problems.AddRange(ex.Problems);
            return null;
        }
    }

    private static PluginProblem TooLarge(long maxBytes) => new("package", $"The package is larger than the limit of {maxBytes} bytes.");

    private static PluginPackageInspection Fail(PluginProblem problem) => new(null, [problem]);
}
