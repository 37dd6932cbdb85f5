using AutomationServer.Api.Security;
using AutomationServer.Audience.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

internal static class PrivacyEndpoints
{
    public static void MapPrivacyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audience/contacts/{id:guid}").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        group.MapGet("/export", async (Guid id, [FromServices] PrivacyService privacy, CancellationToken ct) =>
                await privacy.ExportAsync(id, ct) is { } export ? Results.Ok(export) : AudienceProblems.NotFound("The contact"))
            .WithSummary("Everything held on a contact as one JSON document: fields, identities, attributes, tags, events, consents and their history, segment memberships, suppressions of its addresses and its workflow instances.");
        group.MapPost("/erase", EraseAsync)
            .WithSummary("Erases a contact everywhere in one transaction and answers with counts only; its workflow instances are cancelled and scrubbed. Suppressions of its addresses stay, hashed, unless ?keepSuppression=false; an audit record without personal data is kept.");
        group.MapDelete("/erase", EraseAsync)
            .WithSummary("The same as POST .../erase.");
        routes.MapGet("/api/audience/erasures", ListErasuresAsync).WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>()
            .WithSummary("The erasure audit trail, newest first: which contact id was erased when, by which API key, and counts of what went; ?contactId= for one contact.");
    }

    private static async Task<IResult> EraseAsync(Guid id, [FromQuery] bool? keepSuppression, HttpContext http, [FromServices] PrivacyService privacy, CancellationToken ct) =>
        await privacy.EraseAsync(id, keepSuppression ?? true, http.User.Identity?.Name, ct) is { } report ? Results.Ok(report) : AudienceProblems.NotFound("The contact");

    private static async Task<IResult> ListErasuresAsync([FromQuery] Guid? contactId, [FromQuery] int? skip, [FromQuery] int? take, [FromServices] PrivacyService privacy, CancellationToken ct) =>
        Results.Ok(new { items = await privacy.ListErasuresAsync(contactId, skip ?? 0, take ?? 50, ct) });
}
