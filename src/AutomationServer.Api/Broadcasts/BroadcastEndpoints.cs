using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Api.Problems;
using AutomationServer.Api.Security;
using AutomationServer.Audience.Broadcasts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Broadcasts;

/// <summary>Broadcast runs: start one now, list runs with their progress.</summary>
internal static class BroadcastEndpoints
{
    private const int MaxListed = 200;

    public static IEndpointRouteBuilder MapBroadcastEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/broadcasts").WithTags("Broadcasts").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapPost("", StartAsync)
            .WithSummary("Starts a broadcast run now {definitionId, activityId?} of a published journey with an Audience.Broadcast trigger.");
        group.MapGet("", async (string? definitionId, int? limit, [FromServices] BroadcastService service, CancellationToken ct) =>
                Results.Ok((await service.ListAsync(string.IsNullOrWhiteSpace(definitionId) ? null : definitionId, Math.Clamp(limit ?? 50, 1, MaxListed), ct)).Select(ToJson)))
            .WithSummary("Lists broadcast runs, newest first, with their progress (?definitionId=, ?limit= up to 200).");
        group.MapGet("/{id:guid}", async (Guid id, [FromServices] BroadcastService service, CancellationToken ct) =>
                await service.FindAsync(id, ct) is { } run ? Results.Ok(ToJson(run)) : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such broadcast run.", detail: $"There is no broadcast run {id}."))
            .WithSummary("One broadcast run with its progress.");
        return routes;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, [FromServices] BroadcastService service, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, cancellationToken);
        JsonNode? body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            return Invalid("body", $"The body is not valid JSON: {exception.Message}");
        }

        if (body is not JsonObject json)
        {
            return Invalid("body", "Expected a JSON object {\"definitionId\": \"...\"}.");
        }

        var definitionId = ReadString(json, "definitionId");
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            return Invalid("definitionId", "definitionId is required: the id of a published journey with an Audience.Broadcast trigger.");
        }

        var activityId = ReadString(json, "activityId");
        var result = await service.StartNowAsync(definitionId, string.IsNullOrWhiteSpace(activityId) ? null : activityId, cancellationToken);
        return result.Status switch
        {
            BroadcastStartStatus.Started => Results.Accepted($"/api/broadcasts/{result.Run!.Id:D}", ToJson(result.Run)),
            BroadcastStartStatus.AmbiguousActivity => Invalid("activityId", $"The journey has several broadcast triggers; name one of: {string.Join(", ", result.ActivityIds)}."),
            _ => activityId is not null && result.ActivityIds.Count > 0
                ? Invalid("activityId", $"'{activityId}' is not a broadcast trigger of the journey; its broadcast triggers are: {string.Join(", ", result.ActivityIds)}.")
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No published broadcast.",
                    detail: $"'{definitionId}' is not a published journey with an Audience.Broadcast trigger."),
        };
    }

    private static string? ReadString(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null;

    private static IResult Invalid(string field, string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] }, title: "The broadcast request is not valid.");

    private static object ToJson(BroadcastRunRecord run) => new
    {
        id = run.Id,
        definitionId = run.DefinitionId,
        activityId = run.ActivityId,
        segmentId = run.SegmentId,
        scheduledFor = DateTime.SpecifyKind(run.ScheduledFor, DateTimeKind.Utc),
        startedAt = DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc),
        completedAt = run.CompletedAt is { } done ? DateTime.SpecifyKind(done, DateTimeKind.Utc) : (DateTime?)null,
        status = run.Status.ToString(),
        cursor = run.Cursor,
        dispatched = run.Dispatched,
        started = run.Started,
        error = run.Error,
    };
}
