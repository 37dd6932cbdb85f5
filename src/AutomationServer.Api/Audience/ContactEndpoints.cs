using AutomationServer.Api.Security;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

public sealed record ContactUpsertRequest(IReadOnlyList<ContactInput?>? Contacts);

public sealed record ContactMergeRequest(Guid? ContactId);

internal static class ContactEndpoints
{
    public static void MapContactEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audience/contacts").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        group.MapGet("/", SearchAsync).WithSummary("Searches contacts by identity, tag and attribute value, a page at a time.");
        group.MapPost("/", async (ContactInput input, [FromServices] ContactService contacts, CancellationToken ct) =>
            {
                var contact = await contacts.CreateAsync(input, ct);
                return Results.Created($"/api/audience/contacts/{contact.Id}", contact);
            })
            .WithSummary("Creates a contact; 409 when one of its identities belongs to another contact.");
        group.MapGet("/{id:guid}", async (Guid id, [FromServices] ContactService contacts, CancellationToken ct) =>
                await contacts.GetAsync(id, ct) is { } contact ? Results.Ok(contact) : AudienceProblems.NotFound("The contact"))
            .WithSummary("Reads a contact with its identities, attributes and tags.");
        group.MapPut("/{id:guid}", async (Guid id, ContactInput input, [FromQuery] int? revision, [FromServices] ContactService contacts, CancellationToken ct) =>
                await contacts.ReplaceAsync(id, input, revision, ct) is { } contact ? Results.Ok(contact) : AudienceProblems.NotFound("The contact"))
            .WithSummary("Replaces a contact's identities, fields, attributes and tags; ?revision= guards against lost updates.");
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, [FromServices] PrivacyService privacy, CancellationToken ct) =>
                await privacy.EraseAsync(id, keepSuppressions: true, http.User.Identity?.Name, ct) is not null ? Results.NoContent() : AudienceProblems.NotFound("The contact"))
            .WithSummary("Deletes a contact: the same erasure as .../erase (everything about it removed, its instances cancelled and scrubbed, its suppressions kept hashed, an audit record left).");
        group.MapPost("/upsert", async (ContactUpsertRequest request, [FromServices] ContactService contacts, CancellationToken ct) =>
                Results.Ok(new { contacts = await contacts.UpsertAsync(request.Contacts, ct) }))
            .WithSummary($"Creates or updates up to {ContactService.MaxUpsertBatch} contacts, each found by its identities; all or nothing, idempotent.");
        group.MapPost("/identify", async (IdentifyInput input, [FromServices] ContactService contacts, CancellationToken ct) =>
                Results.Ok(await contacts.IdentifyAsync(input, ct)))
            .WithSummary("Identifies a visitor: updates or creates the contact its identities name and merges the anonymous visitor into it.");
        group.MapPost("/{id:guid}/merge", async (Guid id, ContactMergeRequest request, [FromServices] ContactService contacts, CancellationToken ct) =>
            {
                if (request.ContactId is not { } other)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["contactId"] = ["Name the contact to merge into this one."] }, title: "The merge is invalid.");
                }

                return await contacts.MergeAsync(id, other, ct) && await contacts.GetAsync(id, ct) is { } merged
                    ? Results.Ok(merged)
                    : AudienceProblems.NotFound("One of the contacts");
            })
            .WithSummary("Merges another contact into this one: identities, attributes it lacks, tags, events, consents and memberships move; the other is deleted.");
    }

    private static async Task<IResult> SearchAsync(
        [FromQuery] string? identityKind,
        [FromQuery] string? identityValue,
        [FromQuery] string? tag,
        [FromQuery] string? attributeName,
        [FromQuery] string? attributeValue,
        [FromQuery] int? skip,
        [FromQuery] int? take,
        [FromServices] ContactService contacts,
        CancellationToken ct) =>
        Results.Ok(await contacts.SearchAsync(new ContactSearch(identityKind, identityValue, tag, attributeName, attributeValue, skip ?? 0, take ?? 50), ct));
}
