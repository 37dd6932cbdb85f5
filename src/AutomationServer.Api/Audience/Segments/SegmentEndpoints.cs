using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Api.Definitions;
using AutomationServer.Api.Problems;
using AutomationServer.Api.Security;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Segments.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience.Segments;

/// <summary>Segments: CRUD with rule checking, preview, members and recompute.</summary>
public static class SegmentEndpoints
{
    public static IEndpointRouteBuilder MapSegmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/segments").WithTags("Segments").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapGet("/", ListAsync).WithSummary("Lists segments with their member counts.");
        group.MapPost("/", CreateAsync).WithSummary("Creates a segment {id, name, definition} and computes its members.");
        group.MapPost("/preview", PreviewAsync).WithSummary("Counts the contacts a rule {definition} matches now, with up to 20 of their ids; saves nothing.");
        group.MapGet("/{id}", GetAsync).WithSummary("One segment with its rule.");
        group.MapPut("/{id}", UpdateAsync).WithSummary("Replaces a segment's name and rule {name, definition} and recomputes its members.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes a segment and its memberships; refused while another segment refers to it.");
        group.MapGet("/{id}/members", MembersAsync).WithSummary("The segment's members, newest first.");
        group.MapPost("/{id}/recompute", RecomputeAsync).WithSummary("Recomputes the segment's members now.");
        return routes;
    }

    private static async Task<IResult> ListAsync([FromServices] SegmentStore store, int? skip, int? take, CancellationToken cancellationToken)
    {
        var (from, size) = (Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, 500));
        var page = await store.ListAsync(from, size, cancellationToken);
        return Results.Ok(new PagedResult<object>(page.Items.Select(s => Summary(s)).ToList(), page.Total, from, size));
    }

    private static async Task<IResult> GetAsync(string id, [FromServices] SegmentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } segment ? Results.Ok(Summary(segment, withDefinition: true)) : NotFound(id);

    private static async Task<IResult> CreateAsync(HttpRequest request, [FromServices] SegmentService service, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Invalid([new RuleProblem("body", "Expected a JSON object {\"id\", \"name\", \"definition\"}.")]);
        }

        var result = await service.CreateAsync(Text(body, "id"), Text(body, "name"), body["definition"], cancellationToken);
        return result.Status switch
        {
            SegmentSaveStatus.Saved => Results.Created($"/api/segments/{result.Segment!.Id}", Summary(result.Segment, withDefinition: true)),
            SegmentSaveStatus.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The segment exists already.", detail: result.Problems[0].Message),
            _ => Invalid(result.Problems),
        };
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, [FromServices] SegmentService service, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Invalid([new RuleProblem("body", "Expected a JSON object {\"name\", \"definition\"}.")]);
        }

        var result = await service.UpdateAsync(id, Text(body, "name"), body["definition"], cancellationToken);
        return result.Status switch
        {
            SegmentSaveStatus.Saved => Results.Ok(Summary(result.Segment!, withDefinition: true)),
            SegmentSaveStatus.NotFound => NotFound(id),
            _ => Invalid(result.Problems),
        };
    }

    private static async Task<IResult> DeleteAsync(string id, [FromServices] SegmentService service, CancellationToken cancellationToken)
    {
        var (deleted, referredBy) = await service.DeleteAsync(id, cancellationToken);
        if (referredBy.Count > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The segment is in use.",
                detail: $"Segments {string.Join(", ", referredBy)} refer to '{id}'; change their rules first.",
                extensions: new Dictionary<string, object?> { ["referredBy"] = referredBy });
        }

        return deleted ? Results.NoContent() : NotFound(id);
    }

    private static async Task<IResult> PreviewAsync(HttpRequest request, [FromServices] SegmentService service, CancellationToken cancellationToken)
    {
        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Invalid([new RuleProblem("body", "Expected a JSON object {\"definition\"}.")]);
        }

        var (preview, problems) = await service.PreviewAsync(body["definition"], cancellationToken);
        return preview is null ? Invalid(problems) : Results.Ok(new { count = preview.Count, sample = preview.Sample });
    }

    private static async Task<IResult> MembersAsync(string id, [FromServices] SegmentStore store, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var (from, size) = (Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 1, 1000));
        var (items, total) = await store.MembersAsync(id, from, size, cancellationToken);
        return Results.Ok(new PagedResult<object>(items.Select(m => (object)new { contactId = m.ContactId, enteredAt = m.EnteredAt }).ToList(), total, from, size));
    }

    private static async Task<IResult> RecomputeAsync(string id, [FromServices] SegmentStore store, [FromServices] SegmentMembershipService membership, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return await membership.RecomputeAsync(id, cancellationToken) is { } result
            ? Results.Ok(new { segmentId = result.SegmentId, entered = result.Entered, left = result.Left, memberCount = result.MemberCount })
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The segment's rule is no longer valid.",
                detail: "An attribute it uses was deleted or changed type; save the segment with a corrected rule.");
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, cancellationToken);
        try
        {
            return text is null ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string key) =>
        body[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>400 in ASP.NET Core's validation-problem shape: every problem under its JSON path.</summary>
    private static IResult Invalid(IReadOnlyList<RuleProblem> problems) => Results.ValidationProblem(
        problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        title: "The segment is not valid.",
        detail: problems.Count == 1 ? $"{problems[0].Path}: {problems[0].Message}" : $"{problems.Count} problems were found.");

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Segment not found.", detail: $"There is no segment '{id}'.");

    private static object Summary(SegmentRecord segment, bool withDefinition = false) => new
    {
        id = segment.Id,
        name = segment.Name,
        definition = withDefinition ? JsonNode.Parse(segment.Definition) : null,
        memberCount = segment.MemberCount,
        createdAt = segment.CreatedAt,
        updatedAt = segment.UpdatedAt,
        lastReconciledAt = segment.LastReconciledAt,
    };
}
