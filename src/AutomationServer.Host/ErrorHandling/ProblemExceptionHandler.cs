using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AutomationServer.Host.ErrorHandling;

/// <summary>
/// Turns an exception that escaped an endpoint into an RFC 9457 problem. A malformed request is the
/// client's to fix and says what was wrong; anything else is a 500 that says nothing about the
/// exception, only the trace id under which it was logged.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException badRequest => BadRequest(badRequest),
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The server could not complete the request. Quote the trace id when reporting this.",
            },
        };

        if (exception is BadHttpRequestException)
        {
            logger.LogDebug(exception, "Rejected a malformed request to {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        // These messages are written for the client ("Failed to read parameter ... as JSON") and name
        // no server internals; the JSON reader's own message adds where in the body it failed.
        var problem = new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "The request is malformed.",
            Detail = exception.Message,
        };

        if (exception.InnerException is JsonException json)
        {
            problem.Detail = $"{exception.Message} {json.Message}";
            if (json.Path is { Length: > 0 } path)
            {
                problem.Extensions["jsonPath"] = path;
            }
        }

        return problem;
    }
}
