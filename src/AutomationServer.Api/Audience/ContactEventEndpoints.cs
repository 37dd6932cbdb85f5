using AutomationServer.Api.Security;
using AutomationServer.Audience.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

public sealed record TrackBatchRequest(IReadOnlyList<TrackEventInput?>? Events);

internal static class ContactEventEndpoints
{
    public static void MapContactEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/api/audience/events").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
        events.MapPost("/", async (TrackEventInput input, [FromServices] ContactEventService service, CancellationToken ct) =>
            {
                var result = await service.TrackAsync([input], batch: false, ct);
                var tracked = result.Events[0];
                return Results.Accepted(value: new
                {
                    id = tracked.Id,
                    contactId = tracked.ContactId,
                    duplicate = tracked.Duplicate,
                    startedWorkflows = result.StartedWorkflows,
                    resumedWorkflows = result.ResumedWorkflows,
                });
            })
            .WithSummary("Tracks one contact event; a repeated idempotency key is accepted and not stored twice.");
        events.MapPost("/batch", async (TrackBatchRequest request, [FromServices] ContactEventService service, CancellationToken ct) =>
            {
                var result = await service.TrackAsync(request.Events, batch: true, ct);
                return Results.Accepted(value: new
                {
                    received = result.Received,
                    stored = result.Stored,
                    duplicates = result.Duplicates,
                    startedWorkflows = result.StartedWorkflows,
                    resumedWorkflows = result.ResumedWorkflows,
                });
            })
            .WithSummary($"Tracks up to {ContactEventService.MaxBatch} events in one request, stored together.");

        routes.MapGet("/api/audience/contacts/{id:guid}/events", async (
                Guid id, [FromQuery] string? name, [FromQuery] int? skip, [FromQuery] int? take, [FromServices] ContactEventService service, CancellationToken ct) =>
                await service.TimelineAsync(id, name, skip ?? 0, take ?? 50, ct) is { } timeline ? Results.Ok(timeline) : AudienceProblems.NotFound("The contact"))
            .WithTags("Audience")
            .WithSummary("The contact's timeline, newest first; ?name= filters by event name.")
            .RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>();
    }
}
