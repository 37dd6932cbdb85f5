namespace AutomationServer.Api.Security;

/// <summary>Authorization policy names the host defines and the endpoint groups require.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Any caller holding a valid API key: managing definitions, instances, plugins and settings.</summary>
    public const string Management = "Management";

    /// <summary>Callers holding an administrator key (<c>Security:AdminApiKeys</c>): installing and removing plugins.</summary>
    public const string Administration = "Administration";

    /// <summary>The role claim administrator keys carry.</summary>
    public const string AdministratorRole = "Administrator";
}
