using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Workflows.Activities;

/// <summary>
/// Sends an HTTP request and continues through the port named after the response status code when
/// it is one of the expected codes. Connection failures and timeouts leave through their own ports
/// when those are connected; otherwise they fault the activity, which the engine retries with back-off.
/// </summary>
[Activity("Elsa.SendHttpRequest", Category = BuiltIn.CategoryHttp, DisplayName = "HTTP Request", DynamicOutcomes = true,
    Outcomes = [ActivityResult.DonePort, UnmatchedStatusCodePort, FailedToConnectPort, TimeoutPort],
    Description = "Sends an HTTP request (webhook) and branches on the response status code.")]
public class SendHttpRequest : Activity
{
    public const string HttpClientName = "AutomationServer.Workflows";
    public const string UnmatchedStatusCodePort = "Unmatched status code";
    public const string FailedToConnectPort = "Failed to connect";
    public const string TimeoutPort = "Timeout";

    [Input(Description = "The URL.", Required = true, Order = 0)]
    public Input<string> Url { get; set; } = default!;

    [Input(Description = "The HTTP method.", UIHint = UIHints.Select, Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], DefaultValue = "GET", Order = 1)]
    public Input<string> Method { get; set; } = default!;

    [Input(Description = "The request body; objects are sent as JSON.", UIHint = UIHints.MultiLine, Order = 2)]
    public Input<object> Content { get; set; } = default!;

    [Input(Description = "Content type of the body.", DefaultValue = "application/json", Order = 3)]
    public Input<string> ContentType { get; set; } = default!;

    [Input(Description = "Request headers.", UIHint = UIHints.Dictionary, Order = 4)]
    public Input<Dictionary<string, object?>> RequestHeaders { get; set; } = default!;

    [Input(Description = "Status codes that get a port of their own, e.g. 200, 404.", UIHint = UIHints.List, Order = 5)]
    public Input<int[]> ExpectedStatusCodes { get; set; } = default!;

    [Input(Description = "How long to wait for the response.", DefaultValue = "00:00:30", Order = 6)]
    public Input<TimeSpan> Timeout { get; set; } = default!;

    [Output(Description = "The response status code.")]
    public Output<int> StatusCode { get; set; } = default!;

    [Output(Description = "The response body, parsed when it is JSON.")]
    public Output<object> ParsedContent { get; set; } = default!;

    [Output(Description = "The response headers.")]
    public Output<object> ResponseHeaders { get; set; } = default!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        using var request = BuildRequest(context);
        var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(context.Get(Timeout) is { } span && span > TimeSpan.Zero ? span : TimeSpan.FromSeconds(30));

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (HttpRequestException) when (context.HasConnection(FailedToConnectPort))
        {
            return ActivityResult.Outcome(FailedToConnectPort);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested && context.HasConnection(TimeoutPort))
        {
            return ActivityResult.Outcome(TimeoutPort);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} did not answer in time.");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            context.Set(StatusCode, status);
            context.Set(ResponseHeaders, response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => (object?)string.Join(",", h.Value)));
            context.Set(ParsedContent, await ReadBodyAsync(response, context.CancellationToken));

            var expected = context.Get(ExpectedStatusCodes) ?? [];
            if (expected.Length == 0)
            {
                return ActivityResult.Done();
            }

            return expected.Contains(status)
                ? ActivityResult.Outcome(status.ToString(CultureInfo.InvariantCulture))
                : ActivityResult.Outcome(UnmatchedStatusCodePort);
        }
    }

    private HttpRequestMessage BuildRequest(ActivityContext context)
    {
        var url = context.Get(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"'{url}' is not an absolute http(s) URL.");
        }

        var request = new HttpRequestMessage(new HttpMethod(context.Get(Method) ?? "GET"), uri);
        var content = context.Get(Content);
        if (content is not null)
        {
            var text = content as string ?? JsonSerializer.Serialize(content, Runtime.StateJson.AnyValueOptions);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Get(ContentType) ?? "application/json");
        }

        foreach (var (name, value) in context.Get(RequestHeaders) ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value?.ToString()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value?.ToString());
            }
        }

        return request;
    }

    private static async Task<object?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return InputJson.ToClr(document.RootElement);
            }
            catch (JsonException)
            {
                return text;
            }
        }

        return text;
    }
}

/// <summary>Elsa 3's flowchart flavour of the same activity, so definitions written for either run here.</summary>
[Activity("Elsa.FlowSendHttpRequest", Category = BuiltIn.CategoryHttp, DisplayName = "HTTP Request (flow)", DynamicOutcomes = true,
    Outcomes = [ActivityResult.DonePort, UnmatchedStatusCodePort, FailedToConnectPort, TimeoutPort],
    Description = "Sends an HTTP request (webhook) and branches on the response status code.")]
public sealed class FlowSendHttpRequest : SendHttpRequest;
