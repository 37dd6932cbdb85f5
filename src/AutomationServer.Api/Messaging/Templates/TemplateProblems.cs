using AutomationServer.Messaging.Templates;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Messaging.Templates;

/// <summary>RFC 9457 answers for templates: validation problems keyed by field, each with its Liquid line and column.</summary>
internal static class TemplateProblems
{
    public static IResult Invalid(IReadOnlyList<TemplateProblem> problems) => Results.ValidationProblem(
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: problems.Count == 1 ? $"{problems[0].Field}: {problems[0].Message}" : $"{problems.Count} problems were found.",
        title: "The template is not valid.",
        extensions: new Dictionary<string, object?>
        {
            ["problems"] = problems.Select(p => new { field = p.Field, message = p.Message, line = p.Line, column = p.Column }).ToList(),
        });

    public static IResult Field(string field, string message) => Invalid([new TemplateProblem(field, message)]);

    public static IResult NotFound(string what) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");
}
