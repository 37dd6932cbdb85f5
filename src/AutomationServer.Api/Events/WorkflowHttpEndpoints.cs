using System.Text.Json;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Events;

/// <summary>
/// <c>/workflows/{path}</c>: requests that start or resume workflows through their HTTP Endpoint
/// activity. These are webhooks called by other systems, so they take no API key; a path only
/// answers when a published workflow listens on it.
/// </summary>
internal static class WorkflowHttpEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapWorkflowHttpEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/workflows/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"], HandleAsync)
            .WithTags("Workflow HTTP endpoints")
            .WithSummary("Starts or resumes workflows whose HTTP Endpoint activity listens on this path and method.")
            .AllowAnonymous();
    }

    private static async Task<IResult> HandleAsync(string? path, HttpRequest request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
        }

        object? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            if (text.Length > MaxBodyBytes)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
            }

            body = text;
            if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    body = InputJson.ToClr(document.RootElement);
                }
                catch (JsonException ex)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: ex.Message);
                }
            }
        }

        var payload = new Dictionary<string, object?>
        {
            ["path"] = path,
            ["method"] = request.Method,
            ["body"] = body,
            ["query"] = request.Query.ToDictionary(q => q.Key, q => (object?)q.Value.ToString()),
            ["headers"] = request.Headers.ToDictionary(h => h.Key, h => (object?)h.Value.ToString()),
        };
        var stimulus = new Stimulus(BuiltIn.HttpEndpointType, HttpEndpoint.Key(path, request.Method), payload);
        var result = await runtime.DispatchAsync([stimulus], cancellationToken);
        if (result.Started.Count == 0 && result.Resumed.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No workflow listens here.", detail: $"No published workflow has an HTTP endpoint for {request.Method} /workflows/{path}.");
        }

        return Results.Accepted(value: new { started = result.Started, resumed = result.Resumed });
    }
}
