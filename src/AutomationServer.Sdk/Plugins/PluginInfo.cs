namespace AutomationServer.Sdk.Plugins;

/// <summary>A loaded plugin as its manifest (<c>plugin.json</c>) describes it.</summary>
/// <param name="Id">The plugin id, e.g. <c>acme.crm</c>; also its configuration section and URL segment.</param>
/// <param name="Version">The plugin's semantic version.</param>
/// <param name="Directory">The folder the plugin was loaded from (<c>plugins/&lt;id&gt;/&lt;version&gt;</c>).</param>
public sealed record PluginInfo(string Id, string Version, string Directory);

/// <summary>Authorization policies a plugin's endpoints may require.</summary>
public static class PluginAuthorization
{
    /// <summary>Callers with a management API key.</summary>
    public const string ManagementPolicy = "Management";
}

/// <summary>The version of the SDK the server runs, compared with each manifest's <c>sdkVersion</c>.</summary>
public static class SdkInfo
{
    /// <summary>Major and minor version of this SDK (a plugin built for 1.2 runs on a 1.2 or newer 1.x server).</summary>
    public static Version Version { get; } = new(
        typeof(SdkInfo).Assembly.GetName().Version?.Major ?? 1,
        ReadMinor());

    private static int ReadMinor()
    {
        // The assembly version is fixed per major (so plugins bind to any 1.x); the minor comes from the package version.
        var informational = typeof(SdkInfo).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()?.InformationalVersion;
        var parts = informational?.Split('+', '-')[0].Split('.');
        return parts is { Length: >= 2 } && int.TryParse(parts[1], out var minor) ? minor : 0;
    }
}
