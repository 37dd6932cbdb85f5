namespace AutomationServer.Plugins.Manifests;

/// <summary>Path rules for files a plugin names: everything stays inside the plugin's own folder.</summary>
public static class PluginPaths
{
    /// <summary>Null when <paramref name="entryAssembly"/> is an acceptable relative path to a .dll, else why not.</summary>
    public static string? CheckEntryAssembly(string entryAssembly)
    {
        var normalized = entryAssembly.Replace('\\', '/');
        if (Path.IsPathRooted(entryAssembly) || normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':'))
        {
            return $"'{entryAssembly}' must be a path relative to the plugin folder.";
        }

        if (normalized.Split('/').Any(segment => segment is ".." or "." or ""))
        {
            return $"'{entryAssembly}' must not leave the plugin folder ('..', '.' and empty segments are refused).";
        }

        if (!normalized.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{entryAssembly}' must name a .dll file.";
        }

        return null;
    }

    /// <summary>
    /// Resolves a relative path inside <paramref name="folder"/>; null when the result would lie outside it
    /// (a second line of defence behind the manifest check, e.g. against symbolic links in the path).
    /// </summary>
    public static string? ResolveInside(string folder, string relativePath)
    {
        var root = Path.GetFullPath(folder);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(rootWithSeparator, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) ? full : null;
    }
}
