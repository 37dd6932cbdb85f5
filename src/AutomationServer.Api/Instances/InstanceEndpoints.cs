using AutomationServer.Api.Definitions;
using AutomationServer.Api.Security;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api;

/// <summary>Instances and incidents: list, inspect (state, waits, journal), cancel, retry.</summary>
internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var instances = routes.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization(AuthorizationPolicies.Management);
        instances.MapGet("/", ListAsync).WithSummary("Lists instances, filtered by definition, status or correlation id.");
        instances.MapGet("/{id:guid}", GetAsync).WithSummary("An instance with its variables, waits, incidents and journal.");
        instances.MapGet("/{id:guid}/journal", GetJournalAsync).WithSummary("The activities an instance executed, in order.");
        instances.MapGet("/{id:guid}/incidents", ListIncidentsAsync).WithSummary("The incidents of an instance.");
        instances.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancels a running or waiting instance.");

        var incidents = routes.MapGroup("/api/incidents").WithTags("Instances").RequireAuthorization(AuthorizationPolicies.Management);
        incidents.MapPost("/{id:guid}/retry", RetryAsync).WithSummary("Runs the faulted activity of an open incident again now.");
        incidents.MapPost("/{id:guid}/cancel", CancelIncidentAsync).WithSummary("Gives up on an incident: cancels its instance.");
    }

    public static object Summary(WorkflowInstanceRecord record) => new
    {
        id = record.Id,
        definitionId = record.DefinitionId,
        definitionVersion = record.DefinitionVersion,
        definitionVersionId = record.DefinitionVersionId,
        status = record.Status.ToString(),
        correlationId = record.CorrelationId,
        incidentCount = record.IncidentCount,
        createdAt = record.CreatedAt,
        updatedAt = record.UpdatedAt,
        finishedAt = record.FinishedAt,
    };

    private static async Task<IResult> ListAsync(IWorkflowInstanceStore store, string? definitionId, InstanceStatus? status, string? correlationId, int? skip, int? take, CancellationToken cancellationToken)
    {
        var query = new InstanceQuery(definitionId, status, correlationId, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, 500));
        var (items, total) = await store.ListAsync(query, cancellationToken);
        return Results.Ok(new PagedResult<object>(items.Select(Summary).ToList(), total, query.Skip, query.Take));
    }

    private static async Task<IResult> GetAsync(Guid id, IWorkflowInstanceStore store, BlueprintProvider blueprints, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(id, cancellationToken);
        if (record is null)
        {
            return NotFound(id);
        }

        var details = InstanceDetails.From(record, await blueprints.GetAsync(record.DefinitionVersionId, cancellationToken));
        var bookmarks = await store.ListBookmarksAsync(id, cancellationToken);
        var incidents = await store.ListIncidentsAsync(id, cancellationToken);
        return Results.Ok(new
        {
            instance = Summary(record),
            details.Variables,
            details.Input,
            details.Output,
            bookmarks = bookmarks.Select(b => new { b.Id, b.ActivityId, b.Stimulus, b.Hash, b.DueAt, b.CreatedAt }),
            incidents,
            details.Journal,
            details.JournalEntriesDropped,
        });
    }

    private static async Task<IResult> GetJournalAsync(Guid id, IWorkflowInstanceStore store, BlueprintProvider blueprints, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(id, cancellationToken);
        return record is null
            ? NotFound(id)
            : Results.Ok(InstanceDetails.From(record, await blueprints.GetAsync(record.DefinitionVersionId, cancellationToken)).Journal);
    }

    private static async Task<IResult> ListIncidentsAsync(Guid id, IWorkflowInstanceStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is null ? NotFound(id) : Results.Ok(await store.ListIncidentsAsync(id, cancellationToken));

    private static async Task<IResult> CancelAsync(Guid id, IWorkflowInstanceStore store, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return await runtime.CancelAsync(id, cancellationToken)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance already ended.", detail: $"Instance {id} has already finished or been cancelled.");
    }

    private static async Task<IResult> RetryAsync(Guid id, IWorkflowInstanceStore store, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var incident = await store.FindIncidentAsync(id, cancellationToken);
        if (incident is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found.", detail: $"Incident {id} does not exist.");
        }

        if (!await runtime.RetryIncidentAsync(id, cancellationToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Incident not open.", detail: $"Incident {id} is {incident.Status}; only open incidents can be retried.");
        }

        return Results.Ok(await store.FindIncidentAsync(id, cancellationToken));
    }

    private static async Task<IResult> CancelIncidentAsync(Guid id, IWorkflowInstanceStore store, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var incident = await store.FindIncidentAsync(id, cancellationToken);
        if (incident is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found.", detail: $"Incident {id} does not exist.");
        }

        return await runtime.CancelAsync(incident.InstanceId, cancellationToken)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance already ended.", detail: $"Instance {incident.InstanceId} has already finished or been cancelled.");
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found.", detail: $"Instance {id} does not exist.");
}
