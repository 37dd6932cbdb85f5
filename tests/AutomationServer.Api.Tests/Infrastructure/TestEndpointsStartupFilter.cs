using AutomationServer.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Tests.Infrastructure;

public sealed record EchoRequest(string Name, int Count);

/// <summary>
/// Maps endpoints that exist only in tests onto the application's own route builder, so they run
/// through the host's real pipeline (error handling, authentication, authorization, OpenAPI).
/// </summary>
public sealed class TestEndpointsStartupFilter : IStartupFilter
{
    public const string SecretMessage = "connection string Server=db;Password=hunter2 failed";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);

        // After the application's own pipeline, UseEndpoints reaches the application's route builder,
        // so these endpoints are matched by its routing and listed in its OpenAPI document.
        app.UseEndpoints(endpoints =>
        {
            var management = endpoints.MapGroup("/test/management").RequireAuthorization(AuthorizationPolicies.Management);
            management.MapGet("/whoami", (HttpContext context) => Results.Ok(new { name = context.User.Identity?.Name }));
            endpoints.MapGet("/test/administration/whoami", (HttpContext context) => Results.Ok(new { name = context.User.Identity?.Name }))
                .RequireAuthorization(AuthorizationPolicies.Administration);

            endpoints.MapGet("/test/throw", string () => throw new InvalidOperationException(SecretMessage));
            endpoints.MapPost("/test/echo", (EchoRequest request) => Results.Ok(request));
            endpoints.MapGet("/test/get-only", () => Results.Ok());
        });
    };
}
