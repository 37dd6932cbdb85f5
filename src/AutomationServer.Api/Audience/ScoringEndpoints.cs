using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Api.Problems;
using AutomationServer.Api.Security;
using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Segments.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

/// <summary>Points rules, score decay and lifecycle stages.</summary>
internal static class ScoringEndpoints
{
    public static void MapScoringEndpoints(this IEndpointRouteBuilder routes)
    {
        var rules = routes.MapGroup("/api/audience/scoring").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management);
        rules.MapGet("/rules", async ([FromServices] ScoringService service, CancellationToken ct) => Results.Ok(await service.ListRulesAsync(ct)))
            .WithSummary("Lists the points rules.");
        rules.MapPost("/rules", CreateAsync)
            .WithSummary("Creates a points rule {id, name, kind: event|attribute, event {name, where} | condition, points, enabled, limit {max, per}}.");
        rules.MapGet("/rules/{id}", async (string id, [FromServices] ScoringService service, CancellationToken ct) =>
                await service.GetRuleAsync(id, ct) is { } rule ? Results.Ok(rule) : NotFound(id))
            .WithSummary("One points rule.");
        rules.MapPut("/rules/{id}", UpdateAsync).WithSummary("Replaces a points rule.");
        rules.MapDelete("/rules/{id}", async (string id, [FromServices] ScoringService service, CancellationToken ct) =>
                await service.DeleteRuleAsync(id, ct) ? Results.NoContent() : NotFound(id))
            .WithSummary("Deletes a points rule; points it gave stay.");
        rules.MapGet("/decay", async ([FromServices] ScoringService service, CancellationToken ct) => Results.Ok(await service.GetDecayAsync(ct)))
            .WithSummary("The score decay setting {enabled, percent, every, lastAppliedAt}.");
        rules.MapPut("/decay", async (HttpRequest request, [FromServices] ScoringService service, CancellationToken ct) =>
                Answer(await service.PutDecayAsync(await ReadAsync(request, ct), ct), "The decay setting is not valid."))
            .WithSummary("Sets score decay {enabled, percent, every}: every period each score loses that percentage, toward zero.");

        var stages = routes.MapGroup("/api/audience/lifecycle").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management);
        stages.MapGet("/stages", async ([FromServices] ScoringService service, CancellationToken ct) => Results.Ok(await service.GetStagesAsync(ct)))
            .WithSummary("The lifecycle stages, lowest first, each with the condition that puts a contact in it.");
        stages.MapPut("/stages", async (HttpRequest request, [FromServices] ScoringService service, CancellationToken ct) =>
                Answer(await service.PutStagesAsync(await ReadAsync(request, ct), ct), "The lifecycle stages are not valid."))
            .WithSummary("Replaces the stages {stages: [{stage, condition}]} and moves the contacts they now place elsewhere.");
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, [FromServices] ScoringService service, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not JsonObject body)
        {
            return Invalid([new RuleProblem("body", "Expected a JSON object {\"id\", \"name\", \"kind\", …}.")], "The points rule is not valid.");
        }

        var result = await service.CreateRuleAsync(body, cancellationToken);
        return result.Status switch
        {
            ScoringSaveStatus.Saved => Results.Created($"/api/audience/scoring/rules/{result.Value!["id"]}", result.Value),
            ScoringSaveStatus.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The points rule exists already.", detail: result.Problems[0].Message),
            _ => Invalid(result.Problems, "The points rule is not valid."),
        };
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, [FromServices] ScoringService service, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not JsonObject body)
        {
            return Invalid([new RuleProblem("body", "Expected a JSON object {\"name\", \"kind\", …}.")], "The points rule is not valid.");
        }

        var result = await service.UpdateRuleAsync(id, body, cancellationToken);
        return result.Status == ScoringSaveStatus.NotFound ? NotFound(id) : Answer(result, "The points rule is not valid.");
    }

    private static IResult Answer(ScoringSaveResult result, string invalidTitle) =>
        result.Status == ScoringSaveStatus.Saved ? Results.Ok(result.Value) : Invalid(result.Problems, invalidTitle);

    private static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, cancellationToken);
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>400 in ASP.NET Core's validation-problem shape: every problem under its JSON path.</summary>
    private static IResult Invalid(IReadOnlyList<RuleProblem> problems, string title) => Results.ValidationProblem(
        problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        title: title,
        detail: problems.Count == 1 ? $"{problems[0].Path}: {problems[0].Message}" : $"{problems.Count} problems were found.");

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Points rule not found.", detail: $"There is no points rule '{id}'.");
}
