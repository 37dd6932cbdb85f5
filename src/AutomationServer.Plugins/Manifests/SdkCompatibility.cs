using AutomationServer.Sdk.Plugins;

namespace AutomationServer.Plugins.Manifests;

/// <summary>
/// Whether a plugin built against one SDK version runs on this server: same major, and a minor no newer
/// than the server's (the SDK only adds within a major, so older minors keep working).
/// </summary>
public static class SdkCompatibility
{
    public static Version HostVersion => SdkInfo.Version;

    /// <summary>Null when compatible, else the reason in words.</summary>
    public static string? Check(Version required, Version? host = null)
    {
        host ??= HostVersion;
        if (required.Major != host.Major)
        {
            return $"Built for SDK {required.Major}.{required.Minor}; this server has SDK {host.Major}.{host.Minor} (a different major version).";
        }

        return required.Minor > host.Minor
            ? $"Built for SDK {required.Major}.{required.Minor}, newer than this server's SDK {host.Major}.{host.Minor}; upgrade the server."
            : null;
    }
}
