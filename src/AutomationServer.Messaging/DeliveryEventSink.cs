using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Stimuli;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Messaging;

/// <summary>
/// The host's <see cref="IDeliveryEventSink"/>: each event becomes the stimulus <c>Message.&lt;Kind&gt;</c> keyed by the
/// message id, so a journey waiting for "opened" of the message it sent resumes. Events that carry only a provider's
/// id are dropped with a warning until the message store can map provider ids to message ids.
/// </summary>
public sealed class DeliveryEventSink(IStimulusPublisher publisher, ILogger<DeliveryEventSink> logger) : IDeliveryEventSink
{
    public async ValueTask ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        if (deliveryEvent.MessageId is not { } messageId)
        {
            logger.LogWarning("Delivery event {Kind} from channel {Channel} (provider id {ProviderMessageId}) has no message id and was dropped",
                deliveryEvent.Kind, deliveryEvent.Channel, deliveryEvent.ProviderMessageId);
            return;
        }

        var result = await publisher.PublishAsync([DeliveryStimuli.For(deliveryEvent, messageId)], cancellationToken);
        logger.LogDebug("Delivery event {Kind} of message {MessageId} via {Channel}: {Resumed} resumed, {Started} started",
            deliveryEvent.Kind, messageId, deliveryEvent.Channel, result.Resumed, result.Started);
    }
}

/// <summary>How delivery events appear to journeys; triggers and waits for them use the same name and key.</summary>
public static class DeliveryStimuli
{
    public const string Prefix = "Message.";

    /// <summary><c>Message.Delivered</c>, <c>Message.Opened</c>, ...</summary>
    public static string NameOf(DeliveryEventKind kind) => Prefix + kind;

    /// <summary>The key: the message id as lower-case "D" text.</summary>
    public static string KeyOf(Guid messageId) => messageId.ToString("D");

    public static StimulusMessage For(DeliveryEvent deliveryEvent, Guid messageId) => new(
        NameOf(deliveryEvent.Kind),
        KeyOf(messageId),
        new Dictionary<string, object?>
        {
            ["messageId"] = KeyOf(messageId),
            ["channel"] = deliveryEvent.Channel,
            ["kind"] = deliveryEvent.Kind.ToString(),
            ["providerMessageId"] = deliveryEvent.ProviderMessageId,
            ["occurredAt"] = deliveryEvent.OccurredAt.ToString("O"),
            ["detail"] = deliveryEvent.Detail,
        });
}
