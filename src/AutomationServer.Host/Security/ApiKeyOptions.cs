namespace AutomationServer.Host.Security;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// The shipped key in appsettings.json. It is public, so the server warns at startup while it is
    /// accepted; IT replaces it (e.g. with the environment variable <c>Security__AdminApiKeys__0</c>).
    /// </summary>
    public const string DevelopmentKey = "development-only-api-key-CHANGE-ME";

    /// <summary>Keys that may call the management API. Blank entries are ignored.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Keys that may also administer the server (install, enable, disable and remove plugins). Blank entries are ignored.</summary>
    public List<string> AdminApiKeys { get; set; } = [];
}
