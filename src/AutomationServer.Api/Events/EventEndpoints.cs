using System.Text.Json;
using AutomationServer.Api.Security;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Events;

/// <summary>A named event posted by an application: it starts workflows whose Event trigger has that name and resumes waiting ones.</summary>
public sealed record EventRequest(string? Name, JsonElement? Payload, string? CorrelationId);

/// <summary>Events in (single and batched) become <c>Elsa.Event</c> stimuli.</summary>
internal static class EventEndpoints
{
    public const int MaxBatch = 10_000;
    private const int MaxNameLength = 200;

    public static void MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/events").WithTags("Events").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapPost("/", PostAsync).WithSummary("Posts one event: starts workflows triggered by it and resumes workflows waiting for it.");
        group.MapPost("/batch", PostBatchAsync).WithSummary($"Posts up to {MaxBatch} events in one request, committed together.");
    }

    private static async Task<IResult> PostAsync(EventRequest? request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var stimulus = ToStimulus(request, "", errors);
        if (stimulus is null)
        {
            return Results.ValidationProblem(errors, title: "The event is invalid.");
        }

        var result = await runtime.DispatchAsync([stimulus], cancellationToken);
        return Results.Accepted(value: new { started = result.Started, resumed = result.Resumed });
    }

    private static async Task<IResult> PostBatchAsync(EventRequest?[]? requests, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (requests is null || requests.Length == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["events"] = ["At least one event is required."] }, title: "The batch is empty.");
        }

        if (requests.Length > MaxBatch)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [$"At most {MaxBatch} events per batch."] }, title: "The batch is too large.");
        }

        var errors = new Dictionary<string, string[]>();
        var stimuli = new List<Stimulus>(requests.Length);
        for (var i = 0; i < requests.Length; i++)
        {
            if (ToStimulus(requests[i], $"[{i}].", errors) is { } stimulus)
            {
                stimuli.Add(stimulus);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Some events are invalid; none was posted.");
        }

        var result = await runtime.DispatchAsync(stimuli, cancellationToken);
        return Results.Accepted(value: new { events = stimuli.Count, started = result.Started.Count, resumed = result.Resumed.Count });
    }

    private static Stimulus? ToStimulus(EventRequest? request, string prefix, Dictionary<string, string[]> errors)
    {
        if (request is null)
        {
            errors[prefix.Length == 0 ? "event" : prefix.TrimEnd('.')] = ["The event is missing."];
            return null;
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors[prefix + "name"] = ["The event name is required."];
            return null;
        }

        if (request.Name.Length > MaxNameLength)
        {
            errors[prefix + "name"] = [$"The event name is longer than {MaxNameLength} characters."];
            return null;
        }

        if (request.CorrelationId is { Length: > MaxNameLength })
        {
            errors[prefix + "correlationId"] = [$"The correlation id is longer than {MaxNameLength} characters."];
            return null;
        }

        var payload = request.Payload is { } element ? InputJson.ToClr(element) : null;
        return new Stimulus(BuiltIn.EventType, request.Name, payload, string.IsNullOrWhiteSpace(request.CorrelationId) ? null : request.CorrelationId);
    }
}
