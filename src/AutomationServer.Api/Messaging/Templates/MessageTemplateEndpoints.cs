using System.Text.Json;
using AutomationServer.Api.Definitions;
using AutomationServer.Api.Messaging.Templates;
using AutomationServer.Api.Security;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Templates;
using AutomationServer.Workflows.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Messaging.Templates;

/// <summary>Message templates: CRUD with versions, revert, validation while typing, preview for a contact and test send.</summary>
public static class MessageTemplateEndpoints
{
    public static IEndpointRouteBuilder MapMessageTemplatesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/templates").WithTags("Templates").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapGet("/", ListAsync).WithSummary("Lists templates (search in id and name, filter by channel), by name.");
        group.MapPost("/", CreateAsync).WithSummary("Creates a template {id, name, channel, subject, html, text, from, replyTo, preheader, description, note} as version 1.");
        group.MapPost("/validate", Validate).WithSummary("Checks a template draft without saving it: 200, or 400 with every problem (Liquid errors with line and column).");
        group.MapGet("/{id}", GetAsync).WithSummary("The template with its current version's content.");
        group.MapPut("/{id}", UpdateAsync).WithSummary("Saves a new version of the template.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes the template; refused while a published journey uses it.");
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Every version of the template, newest first.");
        group.MapGet("/{id}/versions/{version:int}", VersionAsync).WithSummary("One version of the template.");
        group.MapPost("/{id}/revert/{version:int}", RevertAsync).WithSummary("Saves a copy of an old version as the newest version.");
        group.MapPost("/{id}/preview", PreviewAsync).WithSummary("Renders the current version for a contact {contactId, data}: {subject, html, text}.");
        group.MapPost("/{id}/test-send", TestSendAsync).WithSummary("Renders the template {to, contactId?, data} and sends it straight to the channel with '[Test] ' before the subject.");
        return routes;
    }

    private static async Task<IResult> ListAsync([FromServices] IMessageTemplateStore store, string? search, string? channel, int? skip, int? take, CancellationToken cancellationToken)
    {
        var query = new TemplateQuery(search, channel, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 1, 500));
        var (items, total) = await store.ListAsync(query, cancellationToken);
        return Results.Ok(new PagedResult<TemplateSummary>(items.Select(TemplateSummary.Of).ToList(), total, query.Skip, query.Take));
    }

    private static async Task<IResult> GetAsync(string id, [FromServices] IMessageTemplateStore store, CancellationToken cancellationToken)
    {
        var template = await store.FindAsync(id, cancellationToken);
        var version = template is null || template.Deleted ? null : await store.FindVersionAsync(id, template.CurrentVersion, cancellationToken);
        return version is null ? TemplateProblems.NotFound($"Template '{id}'") : Results.Ok(TemplateView.Of(template!, version));
    }

    private static async Task<IResult> CreateAsync([FromBody] TemplateBody? body, [FromServices] MessageTemplateService service, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return TemplateProblems.Field("body", "Expected a JSON object with the template.");
        }

        var result = await service.CreateAsync(body.ToDraft(), cancellationToken);
        return Saved(result, created: true);
    }

    private static async Task<IResult> UpdateAsync(string id, [FromBody] TemplateBody? body, [FromServices] MessageTemplateService service, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return TemplateProblems.Field("body", "Expected a JSON object with the template.");
        }

        if (body.Id is not null && body.Id != id)
        {
            return TemplateProblems.Field("id", $"The id in the body ('{body.Id}') differs from the one in the URL ('{id}').");
        }

        return Saved(await service.UpdateAsync(id, body.ToDraft(), cancellationToken), created: false, id);
    }

    private static IResult Validate([FromBody] TemplateBody? body)
    {
        if (body is null)
        {
            return TemplateProblems.Field("body", "Expected a JSON object with the template.");
        }

        var problems = TemplateValidator.Validate(body.ToDraft(), checkId: body.Id is not null);
        return problems.Count == 0 ? Results.Ok(new { valid = true }) : TemplateProblems.Invalid(problems);
    }

    private static async Task<IResult> DeleteAsync(string id, [FromServices] MessageTemplateService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        return result.Status switch
        {
            TemplateDeleteStatus.Deleted => Results.NoContent(),
            TemplateDeleteStatus.InUse => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The template is used by a published journey.",
                detail: $"Template '{id}' is used by {string.Join(", ", result.UsedBy.Select(r => $"'{r.Name}' ({r.DefinitionId})"))}; retract or change those journeys first.",
                extensions: new Dictionary<string, object?> { ["journeys"] = result.UsedBy.Select(r => new { definitionId = r.DefinitionId, name = r.Name }).ToList() }),
            _ => TemplateProblems.NotFound($"Template '{id}'"),
        };
    }

    private static async Task<IResult> VersionsAsync(string id, [FromServices] IMessageTemplateStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { Deleted: false })
        {
            return TemplateProblems.NotFound($"Template '{id}'");
        }

        return Results.Ok((await store.ListVersionsAsync(id, cancellationToken)).Select(TemplateVersionView.Of).ToList());
    }

    private static async Task<IResult> VersionAsync(string id, int version, [FromServices] IMessageTemplateStore store, CancellationToken cancellationToken)
    {
        var template = await store.FindAsync(id, cancellationToken);
        var stored = template is { Deleted: false } ? await store.FindVersionAsync(id, version, cancellationToken) : null;
        return stored is null ? TemplateProblems.NotFound($"Version {version} of template '{id}'") : Results.Ok(TemplateVersionView.Of(stored));
    }

    private static async Task<IResult> RevertAsync(string id, int version, [FromServices] MessageTemplateService service, CancellationToken cancellationToken)
    {
        var result = await service.RevertAsync(id, version, cancellationToken);
        return result.Status == TemplateSaveStatus.NotFound
            ? TemplateProblems.NotFound($"Version {version} of template '{id}'")
            : Saved(result, created: false, id);
    }

    private static async Task<IResult> PreviewAsync(string id, [FromBody] PreviewBody? body, [FromServices] TemplatePreviewService previews, CancellationToken cancellationToken)
    {
        if (!TryReadContact(body?.ContactId, out var contactId, out var problem) || !TryReadData(body?.Data, out var data, out problem))
        {
            return problem!;
        }

        var result = await previews.PreviewAsync(id, contactId, data, cancellationToken);
        return Answer(id, body?.ContactId, result, message => Results.Ok(View(message)));
    }

    private static async Task<IResult> TestSendAsync(string id, [FromBody] TestSendBody? body, [FromServices] TemplatePreviewService previews, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.To))
        {
            return TemplateProblems.Field("to", "The address to send the test to is required.");
        }

        if (!TryReadContact(body.ContactId, out var contactId, out var problem) || !TryReadData(body.Data, out var data, out problem))
        {
            return problem!;
        }

        var result = await previews.TestSendAsync(id, body.To.Trim(), contactId, data, cancellationToken);
        return Answer(id, body.ContactId, result, message => Results.Ok(new
        {
            status = result.Sent!.Status.ToString(),
            providerMessageId = result.Sent.ProviderMessageId,
            error = result.Sent.Error,
            message = View(message),
        }));
    }

    private static IResult Answer(string id, string? contactId, TemplatePreviewResult result, Func<RenderedMessage, IResult> rendered) => result.Status switch
    {
        PreviewStatus.Rendered => rendered(result.Message!),
        PreviewStatus.ContactNotFound => TemplateProblems.NotFound($"Contact '{contactId}'"),
        PreviewStatus.NoChannel => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The template's channel is not installed.", detail: result.Error),
        PreviewStatus.RenderFailed => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template could not be rendered.", detail: result.Error),
        _ => TemplateProblems.NotFound($"Template '{id}'"),
    };

    private static RenderedView View(RenderedMessage message) => new(message.Subject, message.HtmlBody, message.TextBody, message.From, message.ReplyTo);

    private static bool TryReadContact(string? text, out Guid? contactId, out IResult? problem)
    {
        (contactId, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (Guid.TryParse(text, out var id))
        {
            contactId = id;
            return true;
        }

        problem = TemplateProblems.Field("contactId", $"'{text}' is not a contact id (a GUID).");
        return false;
    }

    private static bool TryReadData(JsonElement? json, out IReadOnlyDictionary<string, object?>? data, out IResult? problem)
    {
        (data, problem) = (null, null);
        if (json is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = TemplateProblems.Field("data", "data must be a JSON object of values the template sees as data.* and event.*.");
            return false;
        }

        data = (Dictionary<string, object?>)InputJson.ToClr(element)!;
        return true;
    }

    private static IResult Saved(TemplateSaveResult result, bool created, string? id = null) => result.Status switch
    {
        TemplateSaveStatus.Saved when created => Results.Created($"/api/templates/{result.Template!.Id}", TemplateView.Of(result.Template, result.Version!)),
        TemplateSaveStatus.Saved => Results.Ok(TemplateView.Of(result.Template!, result.Version!)),
        TemplateSaveStatus.Exists => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The template exists already.", detail: result.Problems[0].Message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["id"] = [result.Problems[0].Message] } }),
        TemplateSaveStatus.NotFound => TemplateProblems.NotFound($"Template '{id}'"),
        _ => TemplateProblems.Invalid(result.Problems),
    };
}
