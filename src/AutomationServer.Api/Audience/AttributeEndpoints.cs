using AutomationServer.Api.Security;
using AutomationServer.Audience.Contacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

internal static class AttributeEndpoints
{
    public static void MapAttributeEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audience/attributes").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        group.MapGet("/", ([FromServices] AttributeSchemaService schema, CancellationToken ct) => schema.ListAsync(ct))
            .WithSummary("Lists the custom contact attributes and their types.");
        group.MapGet("/{name}", async (string name, [FromServices] AttributeSchemaService schema, CancellationToken ct) =>
                await schema.GetAsync(name, ct) is { } definition ? Results.Ok(definition) : AudienceProblems.NotFound($"Attribute '{name}'"))
            .WithSummary("Reads one attribute definition.");
        group.MapPost("/", async (AttributeDefinitionInput input, [FromServices] AttributeSchemaService schema, CancellationToken ct) =>
            {
                var definition = await schema.DefineAsync(input, ct);
                return Results.Created($"/api/audience/attributes/{definition.Name}", definition);
            })
            .WithSummary("Defines an attribute: name ([A-Za-z][A-Za-z0-9_]*) and type (string, number, boolean, date, datetime, list).");
        group.MapDelete("/{name}", async (string name, [FromServices] AttributeSchemaService schema, CancellationToken ct) =>
                await schema.DeleteAsync(name, ct) ? Results.NoContent() : AudienceProblems.NotFound($"Attribute '{name}'"))
            .WithSummary("Deletes an attribute definition and every contact's value of it.");
    }
}
