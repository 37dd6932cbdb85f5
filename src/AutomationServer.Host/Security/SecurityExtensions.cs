using AutomationServer.Api.Security;
using Microsoft.AspNetCore.Authentication;

namespace AutomationServer.Host.Security;

public static class SecurityExtensions
{
    /// <summary>The "ApiKey" authentication scheme (keys from <c>Security:ApiKeys</c> and <c>Security:AdminApiKeys</c>), the Management and Administration policies.</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(configuration.GetSection(ApiKeyOptions.SectionName));
        services.AddSingleton<ApiKeyValidator>();
        services.AddHostedService<ApiKeyConfigurationCheck>();

        // AddAuthenticationCore rather than AddAuthentication: API keys need no data protection, and the
        // data-protection key ring that AddAuthentication brings would be loaded (on first start, created
        // in the service account's profile) during every startup.
        services.AddWebEncoders();
        services.AddAuthenticationCore(options => options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Management, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(AuthorizationPolicies.Administration, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(AuthorizationPolicies.AdministratorRole));
        return services;
    }
}
