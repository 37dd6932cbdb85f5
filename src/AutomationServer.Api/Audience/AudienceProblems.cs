using AutomationServer.Audience.Validation;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Audience;

/// <summary>Turns the audience services' validation and conflict exceptions into RFC 9457 answers naming the field.</summary>
internal sealed class AudienceProblems : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AudienceValidationException invalid)
        {
            return Results.ValidationProblem(
                invalid.Errors.ToDictionary(e => e.Key, e => e.Value),
                detail: invalid.Errors.Count == 1 ? $"{invalid.Errors.First().Key}: {string.Join(" ", invalid.Errors.First().Value)}" : $"{invalid.Errors.Count} fields are invalid.",
                title: invalid.Title);
        }
        catch (AudienceConflictException conflict)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: conflict.Title,
                detail: conflict.Detail,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [conflict.Field] = [conflict.Detail] } });
        }
    }

    public static IResult NotFound(string what) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");
}
