using System.Text.Json.Nodes;
using AutomationServer.Api.Problems;
using AutomationServer.Api.Security;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using AutomationServer.Workflows.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Definitions;

/// <summary>Definitions: list, read, save drafts, publish, retract, revert, delete, validate, import and export (Elsa 3 JSON).</summary>
internal static class DefinitionEndpoints
{
    public static void MapDefinitionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/definitions").WithTags("Definitions").RequireAuthorization(AuthorizationPolicies.Management);

        group.MapGet("/", ListAsync).WithSummary("Lists definitions (latest version of each).");
        group.MapPost("/", CreateAsync).WithSummary("Creates a definition (or a new draft of an existing definitionId) from Elsa 3 JSON.");
        group.MapPost("/validate", ValidateAsync).WithSummary("Validates Elsa 3 JSON without saving it.");
        group.MapPost("/import", ImportAsync).WithSummary("Imports Elsa 3 JSON: a single definition (application/json) or many (application/zip).");
        group.MapGet("/export", ExportAllAsync).WithSummary("Exports the latest version of every definition as a zip of Elsa 3 JSON files.");
        group.MapGet("/{definitionId}", GetLatestAsync).WithSummary("The latest version with its Elsa 3 document.");
        group.MapPut("/{definitionId}", SaveDraftAsync).WithSummary("Saves a draft (a new version when the latest is published).");
        group.MapDelete("/{definitionId}", DeleteAsync).WithSummary("Deletes every version; refused while instances run.");
        group.MapGet("/{definitionId}/versions", ListVersionsAsync).WithSummary("All versions of a definition.");
        group.MapGet("/{definitionId}/versions/{version:int}", GetVersionAsync).WithSummary("One version with its document.");
        group.MapPost("/{definitionId}/publish", PublishAsync).WithSummary("Publishes the latest version and indexes its triggers.");
        group.MapPost("/{definitionId}/retract", RetractAsync).WithSummary("Stops new instances; running ones continue.");
        group.MapPost("/{definitionId}/revert/{version:int}", RevertAsync).WithSummary("Copies a version into a new latest draft.");
        group.MapGet("/{definitionId}/export", ExportAsync).WithSummary("Downloads a version (latest by default) as Elsa 3 JSON.");
        group.MapPost("/{definitionId}/run", RunAsync).WithSummary("Starts an instance of the published version at its start node.");
    }

    private static async Task<IResult> ListAsync(IWorkflowDefinitionStore store, string? search, DefinitionStatus? status, int? skip, int? take, CancellationToken cancellationToken)
    {
        var query = new DefinitionQuery(search, status, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, 500));
        var (items, total) = await store.ListLatestAsync(query, cancellationToken);
        return Results.Ok(new PagedResult<DefinitionSummary>(items.Select(DefinitionSummary.From).ToList(), total, query.Skip, query.Take));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        if (json is null)
        {
            return RequestBody.TooLarge();
        }

        return await Guard(async () =>
        {
            var saved = await service.SaveDraftAsync(json, null, cancellationToken);
            return Results.Created($"/api/definitions/{saved.Record.DefinitionId}", WithDocument(saved.Record, saved.Warnings));
        });
    }

    private static async Task<IResult> SaveDraftAsync(string definitionId, HttpRequest request, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        if (json is null)
        {
            return RequestBody.TooLarge();
        }

        return await Guard(async () =>
        {
            var saved = await service.SaveDraftAsync(json, definitionId, cancellationToken);
            return Results.Ok(WithDocument(saved.Record, saved.Warnings));
        });
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        if (json is null)
        {
            return RequestBody.TooLarge();
        }

        var problems = service.Validate(json);
        return Results.Ok(new { valid = problems.All(p => p.Severity != ValidationSeverity.Error), problems = problems.Select(ValidationProblems.ToJson) });
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, WorkflowDefinitionService service, bool? publish, CancellationToken cancellationToken)
    {
        if (request.ContentType?.Contains("zip", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await ImportZipAsync(request, service, publish ?? false, cancellationToken);
        }

        var json = await RequestBody.ReadTextAsync(request, cancellationToken);
        if (json is null)
        {
            return RequestBody.TooLarge();
        }

        return await Guard(async () =>
        {
            var record = await service.ImportAsync(json, publish ?? false, cancellationToken);
            return Results.Created($"/api/definitions/{record.DefinitionId}", DefinitionSummary.From(record));
        });
    }

    /// <summary>Each file is imported on its own; the response says, per file, what happened.</summary>
    private static async Task<IResult> ImportZipAsync(HttpRequest request, WorkflowDefinitionService service, bool publish, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;

        var archive = ElsaZip.Read(buffer);
        if (archive.Problems.Any(p => p.Severity == ValidationSeverity.Error))
        {
            return ValidationProblems.BadRequest("The zip file cannot be read.", archive.Problems);
        }

        var results = new List<ImportedFile>();
        foreach (var (name, read) in archive.Entries)
        {
            try
            {
                var record = await service.ImportAsync(read, publish, cancellationToken);
                results.Add(new ImportedFile(name, true, DefinitionSummary.From(record), null));
            }
            catch (DefinitionValidationException ex)
            {
                results.Add(new ImportedFile(name, false, null, ex.Problems.Select(ValidationProblems.ToJson).ToList()));
            }
        }

        var imported = results.Count(r => r.Imported);
        return Results.Ok(new { imported, failed = results.Count - imported, files = results });
    }

    private static async Task<IResult> ExportAllAsync(IWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        const int page = 500;
        var all = new List<WorkflowDefinitionRecord>();
        for (var skip = 0; ; skip += page)
        {
            var (items, total) = await store.ListLatestAsync(new DefinitionQuery(Skip: skip, Take: page), cancellationToken);
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= total)
            {
                break;
            }
        }

        return Results.File(WorkflowDefinitionService.ExportZip(all), "application/zip", "workflows.zip");
    }

    private static async Task<IResult> GetLatestAsync(string definitionId, IWorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        await store.FindLatestAsync(definitionId, cancellationToken) is { } record
            ? Results.Ok(WithDocument(record, null))
            : NotFound(definitionId);

    private static async Task<IResult> ListVersionsAsync(string definitionId, IWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0 ? NotFound(definitionId) : Results.Ok(versions.Select(DefinitionSummary.From));
    }

    private static async Task<IResult> GetVersionAsync(string definitionId, int version, IWorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        await store.FindVersionAsync(definitionId, version, cancellationToken) is { } record
            ? Results.Ok(WithDocument(record, null))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Version not found.", detail: $"Definition '{definitionId}' has no version {version}.");

    private static Task<IResult> PublishAsync(string definitionId, WorkflowDefinitionService service, CancellationToken cancellationToken) =>
        Guard(async () => Results.Ok(DefinitionSummary.From(await service.PublishAsync(definitionId, cancellationToken))));

    private static Task<IResult> RetractAsync(string definitionId, WorkflowDefinitionService service, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await service.RetractAsync(definitionId, cancellationToken);
            return Results.NoContent();
        });

    private static Task<IResult> RevertAsync(string definitionId, int version, WorkflowDefinitionService service, CancellationToken cancellationToken) =>
        Guard(async () => Results.Ok(DefinitionSummary.From(await service.RevertAsync(definitionId, version, cancellationToken))));

    private static Task<IResult> DeleteAsync(string definitionId, WorkflowDefinitionService service, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await service.DeleteAsync(definitionId, cancellationToken);
            return Results.NoContent();
        });

    private static Task<IResult> ExportAsync(string definitionId, int? version, WorkflowDefinitionService service, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var (record, json) = await service.ExportAsync(definitionId, version, cancellationToken);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"{record.DefinitionId}-v{record.Version}.json");
        });

    private static async Task<IResult> RunAsync(string definitionId, RunRequest? body, IWorkflowDefinitionStore store, BlueprintProvider blueprints, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var published = await store.FindPublishedAsync(definitionId, cancellationToken);
        if (published is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not published.", detail: $"Definition '{definitionId}' has no published version.");
        }

        var blueprint = await blueprints.GetAsync(published.Id, cancellationToken);
        if (blueprint is null)
        {
            return NotFound(definitionId);
        }

        var input = body?.Input is { } inputJson ? Workflows.Definitions.InputJson.ToClr(inputJson) as Dictionary<string, object?> : null;
        var instance = await runtime.StartAsync(blueprint, input, body?.CorrelationId, cancellationToken);
        return Results.Created($"/api/instances/{instance.Id}", InstanceEndpoints.Summary(instance));
    }

    private static object WithDocument(WorkflowDefinitionRecord record, IReadOnlyList<ValidationProblem>? warnings) => new
    {
        definition = DefinitionSummary.From(record),
        document = JsonNode.Parse(WorkflowDefinitionService.Export(record)),
        warnings = warnings?.Select(ValidationProblems.ToJson),
    };

    private static IResult NotFound(string definitionId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Definition not found.", detail: $"Definition '{definitionId}' does not exist.");

    /// <summary>Maps the definition service's refusals to problem details.</summary>
    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DefinitionValidationException ex)
        {
            return ValidationProblems.BadRequest(ex.Message, ex.Problems);
        }
        catch (DefinitionNotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: ex.Message);
        }
        catch (DefinitionConflictException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: ex.Message);
        }
    }
}

/// <summary>One file of a zip import: its definition, or why it was refused.</summary>
public sealed record ImportedFile(string File, bool Imported, DefinitionSummary? Definition, IReadOnlyList<object>? Problems);

/// <summary>Body of <c>POST /api/definitions/{id}/run</c>.</summary>
public sealed record RunRequest(System.Text.Json.JsonElement? Input, string? CorrelationId);
