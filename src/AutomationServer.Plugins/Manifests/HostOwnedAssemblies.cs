namespace AutomationServer.Plugins.Manifests;

/// <summary>
/// Assemblies the host supplies to every plugin: the SDK and the rest of the server, and the .NET and
/// ASP.NET Core shared frameworks. A plugin that ships its own copy would either be ignored or load a
/// second, incompatible copy of a shared type, so packages containing one are refused.
/// </summary>
public static class HostOwnedAssemblies
{
    private static readonly Lazy<HashSet<string>> FrameworkNames = new(ReadFrameworkNames);

    /// <summary>True when a file with this name (e.g. <c>Microsoft.Extensions.Logging.Abstractions.dll</c>) belongs to the host.</summary>
    public static bool IsHostOwned(string fileName)
    {
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var assemblyName = name[..^4];
        return assemblyName.StartsWith("AutomationServer.", StringComparison.OrdinalIgnoreCase)
            || assemblyName.Equals("AutomationServer", StringComparison.OrdinalIgnoreCase)
            || FrameworkNames.Value.Contains(assemblyName);
    }

    /// <summary>
    /// The shared-framework assemblies of the running process (the trusted platform assemblies that live
    /// under a shared/ framework folder; the application's own dependencies are not host-owned for plugins).
    /// </summary>
    private static HashSet<string> ReadFrameworkNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var aspNetDirectory = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder).Assembly.Location);
        foreach (var directory in new[] { runtimeDirectory, aspNetDirectory })
        {
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return names;
    }
}
