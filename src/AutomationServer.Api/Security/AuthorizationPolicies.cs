namespace AutomationServer.Api.Security;

/// <summary>Authorization policy names shared by the host (which defines them) and the endpoint groups.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Management API: requires a valid API key.</summary>
    public const string Management = "Management";
}
