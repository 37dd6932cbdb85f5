using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>
/// Starts the workflow (or resumes it, mid-flow) when an HTTP request arrives at
/// <c>/workflows/{path}</c> with one of the supported methods.
/// </summary>
[Activity(BuiltIn.HttpEndpointType, Category = BuiltIn.CategoryHttp, DisplayName = "HTTP Endpoint", MaySuspend = true, Description = "Starts or resumes the workflow when a request arrives at /workflows/{path}.")]
public sealed class HttpEndpoint : Activity, ITriggerActivity
{
    [Input(Description = "The path under /workflows/, e.g. orders/new.", Required = true, SupportsExpressions = false)]
    public Input<string> Path { get; set; } = default!;

    [Input(Description = "HTTP methods accepted.", Options = ["GET", "POST", "PUT", "PATCH", "DELETE"], DefaultValue = new[] { "POST" }, SupportsExpressions = false)]
    public Input<string[]> SupportedMethods { get; set; } = default!;

    [Output(Description = "The request body, parsed when it is JSON.")]
    public Output<object> ParsedContent { get; set; } = default!;

    [Output(Description = "The query string values.")]
    public Output<object> QueryStringData { get; set; } = default!;

    [Output(Description = "The request headers.")]
    public Output<object> Headers { get; set; } = default!;

    /// <summary>The key a request is hashed with; the API computes it the same way from the request.</summary>
    public static string Key(string? path, string method) => Normalize(path) + " " + method.ToUpperInvariant();

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context)
    {
        var path = context.Get(Path);
        return Methods(context.Get(SupportedMethods)).Select(method => new TriggerRequest { Stimulus = BuiltIn.HttpEndpointType, Key = Key(path, method) }).ToList();
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is not null)
        {
            return ResumeAsync(context);
        }

        var path = context.Get(Path);
        var bookmarks = Methods(context.Get(SupportedMethods))
            .Select(method => new BookmarkRequest { Stimulus = BuiltIn.HttpEndpointType, Key = Key(path, method) })
            .ToList();
        return ValueTask.FromResult(ActivityResult.Suspend(bookmarks));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Stimulus?.Payload is IReadOnlyDictionary<string, object?> request)
        {
            context.Set(ParsedContent, request.GetValueOrDefault("body"));
            context.Set(QueryStringData, request.GetValueOrDefault("query"));
            context.Set(Headers, request.GetValueOrDefault("headers"));
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }

    private static string Normalize(string? path) => "/" + (path ?? "").Trim().Trim('/').ToLowerInvariant();

    private static IEnumerable<string> Methods(string[]? methods) =>
        (methods is { Length: > 0 } ? methods : ["POST"]).Select(m => m.Trim().ToUpperInvariant()).Distinct();
}
