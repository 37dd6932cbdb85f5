using AutomationServer.Api.Security;
using AutomationServer.Workflows.Descriptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Activities;

/// <summary>Activity descriptors: what the designer's palette and property panel are built from.</summary>
internal static class ActivityEndpoints
{
    public static void MapActivityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/activities").WithTags("Activities").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapGet("/", (ActivityRegistry registry) => Results.Ok(registry.All)).WithSummary("Every activity type this server can run, with inputs, outputs and ports.");
        group.MapGet("/{typeName}", (string typeName, int? version, ActivityRegistry registry) =>
                (version is null ? registry.FindLatest(typeName) : registry.Find(typeName, version.Value)) is { } descriptor
                    ? Results.Ok(descriptor)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Activity type not found.", detail: $"No activity type '{typeName}'{(version is null ? "" : $" version {version}")} is registered."))
            .WithSummary("One activity type.");
    }
}
