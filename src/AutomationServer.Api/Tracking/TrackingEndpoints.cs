using System.Text.Json;
using AutomationServer.Api.Audience;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tracking;

/// <summary>
/// The public tracking endpoints: <c>GET /track.js</c> and <c>POST /api/tracking/v1/events</c>. No API key: the
/// source's write key (body <c>writeKey</c> or header <c>X-Write-Key</c>) and the page's origin decide.
/// </summary>
internal static class TrackingEndpoints
{
    public const string EventsPath = "/api/tracking/v1/events";
    public const string ScriptPath = "/track.js";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapTrackingEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ScriptPath, (HttpContext context, [FromServices] TrackingScript script) =>
            {
                // An hour before a browser asks again, and then the entity tag usually answers 304.
                context.Response.Headers.CacheControl = "public, max-age=3600, stale-while-revalidate=86400";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                return Results.Bytes(script.Content, "text/javascript; charset=utf-8", entityTag: script.EntityTag);
            })
            .AllowAnonymous()
            .WithTags("Tracking")
            .WithSummary("The tracking script for web sites: <script async src=\".../track.js\" data-write-key=\"...\"></script>.");

        routes.MapPost(EventsPath, HandleAsync)
            // Routes CORS preflights (OPTIONS) here too, where the same origin list answers them.
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post], acceptCorsPreflight: true))
            .AllowAnonymous()
            .AddEndpointFilter<AudienceProblems>()
            .WithTags("Tracking")
            .WithSummary("Records a browser's page, track, form and identify calls for a configured source (write key, allowed origins).");
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        [FromServices] TrackingSources sources,
        [FromServices] ICorsService cors,
        [FromServices] TrackingRateLimiter limiter,
        [FromServices] TrackingIngestion ingestion,
        [FromServices] IOptions<TrackingOptions> options,
        CancellationToken cancellationToken)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var corsResult = cors.EvaluatePolicy(context, sources.CorsPolicy);
        cors.ApplyResult(corsResult, context.Response);
        if (corsResult.IsPreflightRequest)
        {
            return corsResult.IsOriginAllowed
                ? Results.NoContent()
                : Problem(StatusCodes.Status403Forbidden, "The origin may not send tracking events.", $"'{origin}' is in no source's Tracking:Sources:<name>:AllowedOrigins.");
        }

        var body = await ReadBodyAsync(context.Request, options.Value.MaxPayloadBytes, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"At most {options.Value.MaxPayloadBytes} bytes per request; send fewer calls at a time.");
        }

        TrackingRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<TrackingRequest>(body, Json);
        }
        catch (JsonException invalid)
        {
            var field = string.IsNullOrEmpty(invalid.Path) || invalid.Path == "$" ? "body" : invalid.Path.TrimStart('$', '.');
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [$"Not valid here (line {invalid.LineNumber + 1}, position {invalid.BytePositionInLine + 1})."] },
                title: "The request body is not a valid tracking request.", detail: $"{field}: {invalid.Message}");
        }

        if (request is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body is a JSON object."] }, title: "The request body is not a valid tracking request.");
        }

        var writeKey = context.Request.Headers.TryGetValue(TrackingSources.WriteKeyHeader, out var header) && !string.IsNullOrWhiteSpace(header) ? header.ToString() : request.WriteKey;
        if (sources.Find(writeKey) is not { } source)
        {
            return Problem(StatusCodes.Status401Unauthorized, "The write key is unknown.",
                string.IsNullOrWhiteSpace(writeKey) ? "Send the source's write key as writeKey in the body or in the X-Write-Key header." : "No source in Tracking:Sources has this write key.");
        }

        if (string.IsNullOrEmpty(origin) || !source.AllowsOrigin(origin))
        {
            return Problem(StatusCodes.Status403Forbidden, "The origin may not send events with this write key.",
                string.IsNullOrEmpty(origin) ? "The request has no Origin header; browsers send one." : $"'{origin}' is not in Tracking:Sources:{source.Name}:AllowedOrigins.");
        }

        if (limiter.TryAcquire(source.Name, context.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, "Too many tracking requests.", $"At most {options.Value.RequestsPerMinute} requests per minute from one address with one write key.");
        }

        var outcome = await ingestion.IngestAsync(source, request, cancellationToken);
        return Results.Ok(new
        {
            received = outcome.Received,
            stored = outcome.Stored,
            duplicates = outcome.Duplicates,
            identified = outcome.Identified,
            anonymousId = outcome.AnonymousId,
        });
    }

    /// <summary>The body as text, or null when it is larger than allowed.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
