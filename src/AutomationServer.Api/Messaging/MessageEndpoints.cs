using AutomationServer.Api.Audience;
using AutomationServer.Api.Security;
using AutomationServer.Messaging.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Messaging;

internal static class MessageEndpoints
{
    public static void MapMessageEndpoints(this IEndpointRouteBuilder routes)
    {
        var messages = routes.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        messages.MapGet("/", async (
                [FromQuery] Guid? contactId, [FromQuery] string? state, [FromQuery] string? channel, [FromQuery] string? definitionId,
                [FromQuery] int? skip, [FromQuery] int? take, [FromServices] MessageLog log, CancellationToken ct) =>
                Results.Ok(await log.ListAsync(contactId, state, channel, definitionId, skip ?? 0, take ?? 50, ct)))
            .WithSummary("Messages, newest first, filtered by contact, state (Queued, Deferred, Sending, Sent, Skipped, Failed), channel or journey.");
        messages.MapGet("/{id:guid}", async (Guid id, [FromServices] MessageLog log, CancellationToken ct) =>
                await log.GetAsync(id, ct) is { } details ? Results.Ok(details) : AudienceProblems.NotFound("The message"))
            .WithSummary("One message: its state and reason, times, and every delivery and engagement event.");
        messages.MapPost("/{id:guid}/retry", async (Guid id, [FromServices] MessageLog log, CancellationToken ct) =>
                await log.RetryAsync(id, ct) switch
                {
                    RetryOutcome.Queued => Results.Accepted($"/api/messages/{id}", new { id, state = "Queued" }),
                    RetryOutcome.NotFound => AudienceProblems.NotFound("The message"),
                    _ => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: "Only a failed or skipped message can be retried.",
                        detail: "The message is queued, deferred, being sent or sent already.",
                        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["state"] = ["The message is not Failed or Skipped."] } }),
                })
            .WithSummary("Puts a failed or skipped message back in the outbox, due now; the send policies decide again.");

        routes.MapGet("/api/audience/contacts/{id:guid}/messages", async (
                Guid id, [FromQuery] int? skip, [FromQuery] int? take, [FromServices] MessageLog log, CancellationToken ct) =>
                await log.ContactHistoryAsync(id, skip ?? 0, take ?? 50, ct) is { } history ? Results.Ok(history) : AudienceProblems.NotFound("The contact"))
            .WithTags("Audience")
            .WithSummary("The contact's messages, newest first, with why each was skipped, deferred or failed.")
            .RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
    }
}
