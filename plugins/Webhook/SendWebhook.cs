using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationPlugins.Webhook;

/// <summary>
/// Sends a payload to a URL through the common send pipeline (channel <c>webhook</c>) and continues
/// through <c>Sent</c> or <c>Failed</c>. A transient failure faults the activity, so the engine retries
/// it with back-off under the same message id: receivers that honour <c>Idempotency-Key</c> act once.
/// </summary>
[Activity(TypeName, Category = "Channels", DisplayName = "Send webhook",
    Description = "POSTs a JSON payload to a URL through the webhook channel.",
    Outcomes = [SentPort, FailedPort])]
public sealed class SendWebhook : Activity
{
    public const string TypeName = "Webhook.Send";
    public const string SentPort = "Sent";
    public const string FailedPort = "Failed";

    [Input(Description = "Where to POST: an absolute http or https URL.", Required = true, Order = 0)]
    public Input<string> Url { get; set; } = default!;

    [Input(Description = "The JSON payload: an object, an array or JSON text.", UIHint = UIHints.Json, Order = 1)]
    public Input<object> Payload { get; set; } = default!;

    [Input(Description = "Extra request headers.", UIHint = UIHints.Dictionary, Order = 2)]
    public Input<Dictionary<string, object?>> Headers { get; set; } = default!;

    [Input(Description = "Makes the idempotency key unique when this node sends more than once per journey (e.g. in a loop); by default one key per journey and node.", Order = 3)]
    public Input<string> IdempotencyKey { get; set; } = default!;

    [Output(Description = "What the receiver's send said: status (Sent, Failed), messageId, providerMessageId and error.")]
    public Output<object> Result { get; set; } = default!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var url = context.Get(Url);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("Input 'Url' is required: the address to POST the payload to.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Input 'Url' must be an absolute http or https URL; got '{url}'.");
        }

        var sender = context.Services.GetService<IMessageSender>()
            ?? throw new InvalidOperationException("This server has no message sender (IMessageSender): Webhook.Send cannot run.");
        var message = new OutgoingMessage
        {
            MessageId = MessageIdOf(context),
            Channel = WebhookChannel.Name,
            To = url,
            Body = PayloadText(context.Get(Payload)),
            Headers = (context.Get(Headers) ?? []).Where(h => h.Value is not null).ToDictionary(h => h.Key, h => Convert.ToString(h.Value, System.Globalization.CultureInfo.InvariantCulture)!),
            WorkflowInstanceId = context.WorkflowInstanceId,
        };

        var result = await sender.SendAsync(message, context.CancellationToken);
        if (result.Status == SendStatus.RetryLater)
        {
            throw new WebhookNotDeliveredException($"The webhook to {uri.GetLeftPart(UriPartial.Path)} was not delivered yet: {result.Error}");
        }

        context.Set(Result, new Dictionary<string, object?>
        {
            ["status"] = result.Status.ToString(),
            ["messageId"] = message.MessageId.ToString("D"),
            ["providerMessageId"] = result.ProviderMessageId,
            ["error"] = result.Error,
        });
        return ActivityResult.Outcome(result.Status == SendStatus.Sent ? SentPort : FailedPort);
    }

    private static string? PayloadText(object? payload) => payload switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(payload),
    };

    /// <summary>
    /// The same id on every retry of the same node in the same journey (the engine re-runs a faulted
    /// activity), so receivers can drop duplicates.
    /// </summary>
    private Guid MessageIdOf(ActivityContext context)
    {
        var key = context.Get(IdempotencyKey);
        var seed = $"{context.WorkflowInstanceId:N}/{context.ActivityId}/{key}";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

/// <summary>A transient delivery failure; the engine records an incident and retries the activity.</summary>
public sealed class WebhookNotDeliveredException(string message) : Exception(message);
