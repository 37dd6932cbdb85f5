using AutomationServer.Workflows.Validation;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Problems;

/// <summary>RFC 9457 responses for definition problems: every problem listed with its node and field.</summary>
internal static class ValidationProblems
{
    public static IResult BadRequest(string title, IReadOnlyList<ValidationProblem> problems)
    {
        // "errors" keyed by node (and field) follows ASP.NET Core's validation-problem shape;
        // "problems" keeps each entry's code and severity for the designer.
        var errors = problems
            .GroupBy(p => Key(p))
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        return Results.ValidationProblem(
            errors,
            detail: problems.Count == 1 ? problems[0].Message : $"{problems.Count} problems were found.",
            title: title,
            extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(ToJson).ToList() });
    }

    public static object ToJson(ValidationProblem problem) => new
    {
        code = problem.Code,
        message = problem.Message,
        nodeId = problem.NodeId,
        field = problem.Field,
        severity = problem.Severity.ToString(),
    };

    private static string Key(ValidationProblem problem) =>
        problem.NodeId is null ? problem.Field ?? "definition" : problem.Field is null ? problem.NodeId : $"{problem.NodeId}.{problem.Field}";
}
