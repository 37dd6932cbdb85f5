namespace AutomationServer.Api.Security;

/// <summary>Authorization policy names the host defines and the endpoint groups require.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Any caller holding a valid API key: managing definitions, instances, plugins and settings.</summary>
    public const string Management = "Management";
}
