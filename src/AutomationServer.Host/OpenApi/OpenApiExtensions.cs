using AutomationServer.Host.Security;
using Scalar.AspNetCore;

namespace AutomationServer.Host.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddAutomationOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
        });
        return services;
    }

    /// <summary>
    /// <c>/openapi/v1.json</c> and the browsable reference at <c>/scalar</c>. The reference's script is
    /// served from the package and its CDN fonts, telemetry and AI agent are off: the server runs on
    /// premises, often without internet access.
    /// </summary>
    public static IEndpointRouteBuilder MapAutomationOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapScalarApiReference("/scalar", options => options
            .WithTitle("AutomationServer API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .AddPreferredSecuritySchemes([ApiKeyAuthenticationHandler.SchemeName]));
        endpoints.MapGet("/docs", () => Results.Redirect("/scalar/")).ExcludeFromDescription();
        return endpoints;
    }
}
