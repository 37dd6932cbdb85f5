using System.Net;
using System.Text;
using System.Text.Json;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationPlugins.Webhook;

/// <summary>
/// Delivers a message by POSTing it to the URL in <see cref="OutgoingMessage.To"/>: the body as-is when it
/// is JSON, otherwise the message itself as JSON. <c>Idempotency-Key</c> carries the message id (stable
/// across retries) and, with a signing key configured, a header carries the body's HMAC-SHA256.
/// </summary>
[Channel(Name, DisplayName = "Webhook", Description = "POSTs each message as JSON to the URL in 'To'.")]
public sealed class WebhookChannel(
    IHttpClientFactory httpClients,
    IPluginSecrets<WebhookPlugin> secrets,
    IOptions<WebhookOptions> options,
    ILogger<WebhookChannel> logger) : IChannel
{
    public const string Name = "webhook";
    public const string HttpClientName = "AutomationPlugins.Webhook";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string SigningKeySecret = "SigningKey";

    private const int MaxErrorBodyChars = 200;

    private static readonly JsonSerializerOptions EnvelopeJson = new(JsonSerializerDefaults.Web);

    public async ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(message.To, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return SendResult.Failed($"'{message.To}' is not an absolute http or https URL.");
        }

        var body = Encoding.UTF8.GetBytes(BodyOf(message));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        var settings = options.Value;
        foreach (var (name, value) in message.Headers)
        {
            if (!IsReserved(name, settings))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.Add(IdempotencyHeader, message.MessageId.ToString("D"));
        if (await secrets.GetAsync(SigningKeySecret, cancellationToken) is { Length: > 0 } signingKey)
        {
            request.Headers.Add(settings.SignatureHeader, WebhookSignature.Compute(signingKey, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return await ResultOfAsync(response, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"{url.GetLeftPart(UriPartial.Path)} did not answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation(ex, "Webhook {MessageId} could not reach {Host}", message.MessageId, url.Host);
            return SendResult.Retry($"Could not reach {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}");
        }
    }

    private static string BodyOf(OutgoingMessage message)
    {
        if (message.Body is { } body && IsJson(body))
        {
            return body;
        }

        return JsonSerializer.Serialize(new
        {
            message.MessageId,
            message.Channel,
            message.To,
            message.From,
            message.Subject,
            message.Body,
            message.HtmlBody,
            message.ContactId,
            message.WorkflowInstanceId,
            message.Attempt,
        }, EnvelopeJson);
    }

    private static bool IsJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Headers the channel owns: a message may not replace the idempotency key, the signature or the content headers.</summary>
    private static bool IsReserved(string name, WebhookOptions settings) =>
        name.Equals(IdempotencyHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(settings.SignatureHeader, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Host", StringComparison.OrdinalIgnoreCase);

    private static async Task<SendResult> ResultOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
            return SendResult.Sent(requestId);
        }

        var error = $"HTTP {status} {response.ReasonPhrase}{await ExcerptAsync(response, cancellationToken)}".TrimEnd();
        return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500
            ? SendResult.Retry(error)
            : SendResult.Failed(error);
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        return ": " + (text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text);
    }
}
