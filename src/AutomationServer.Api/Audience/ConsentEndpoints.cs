using AutomationServer.Api.Security;
using AutomationServer.Audience.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

internal static class ConsentEndpoints
{
    public static void MapConsentEndpoints(this IEndpointRouteBuilder routes)
    {
        var contact = routes.MapGroup("/api/audience/contacts/{id:guid}").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        contact.MapGet("/consents", async (Guid id, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.ListAsync(id, ct) is { } list ? Results.Ok(list) : AudienceProblems.NotFound("The contact"))
            .WithSummary("The contact's current consent per channel and topic.");
        contact.MapPut("/consents", async (Guid id, ConsentInput input, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.SetAsync(id, input, ct) ? Results.NoContent() : AudienceProblems.NotFound("The contact"))
            .WithSummary("Sets consent for a channel and topic (\"\" = the whole channel) to Subscribed or Unsubscribed, with its source.");
        contact.MapPost("/consents/double-opt-in", async (Guid id, DoubleOptInInput input, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.RequestDoubleOptInAsync(id, input, ct) is { } requested ? Results.Ok(requested) : AudienceProblems.NotFound("The contact"))
            .WithSummary("Marks consent Pending and returns the confirmation token (shown once) for the confirmation link.");
        contact.MapGet("/consents/history", async (Guid id, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.HistoryAsync(id, ct) is { } history ? Results.Ok(history) : AudienceProblems.NotFound("The contact"))
            .WithSummary("Every consent change of the contact, newest first, with source and time.");
        contact.MapGet("/can-contact", async (Guid id, [FromQuery] string? channel, [FromQuery] string? topic, [FromServices] ConsentService consent, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(channel))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["channel"] = ["The channel is required."] }, title: "The query is invalid.");
                }

                var answer = await consent.CanContactAsync(id, channel, topic, ct);
                return answer.Reason == ContactPermission.ContactNotFound
                    ? AudienceProblems.NotFound("The contact")
                    : Results.Ok(new { allowed = answer.Allowed, reason = answer.Reason, detail = answer.Detail });
            })
            .WithSummary("Whether the contact may be contacted on the channel about the topic, or why not.");

        // Opened from the confirmation e-mail, so no API key; the unguessable token is the authorization.
        routes.MapMethods("/api/audience/consent/confirm/{token}", ["GET", "POST"], async (string token, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.ConfirmAsync(token, ct) switch
                {
                    ConfirmationOutcome.Confirmed => Results.Ok(new { status = "Subscribed" }),
                    ConfirmationOutcome.Expired => Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The confirmation link has expired.", detail: "Request a new confirmation."),
                    _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The confirmation link is unknown or used already."),
                })
            .WithTags("Audience")
            .WithSummary("Confirms a double opt-in: the consent becomes Subscribed.")
            .AllowAnonymous();

        var suppressions = routes.MapGroup("/api/audience/suppressions").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        suppressions.MapGet("/{channel}", async (string channel, [FromQuery] int? skip, [FromQuery] int? take, [FromServices] ConsentService consent, CancellationToken ct) =>
                Results.Ok(await consent.ListSuppressionsAsync(channel, skip ?? 0, take ?? 100, ct)))
            .WithSummary("The channel's suppressed addresses, a page at a time.");
        suppressions.MapPost("/", async (SuppressionInput input, [FromServices] ConsentService consent, CancellationToken ct) =>
            {
                var added = await consent.SuppressAsync(input, ct);
                return Results.Created($"/api/audience/suppressions/{added.Channel}/{Uri.EscapeDataString(added.Address)}", added);
            })
            .WithSummary("Adds an address to the channel's suppression list: nothing is sent to it, whoever it belongs to.");
        suppressions.MapDelete("/{channel}/{address}", async (string channel, string address, [FromServices] ConsentService consent, CancellationToken ct) =>
                await consent.UnsuppressAsync(channel, address, ct) ? Results.NoContent() : AudienceProblems.NotFound("The suppression"))
            .WithSummary("Removes an address from the channel's suppression list.");
    }
}
