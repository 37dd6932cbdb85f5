using AutomationServer.Messaging.Bounces;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Stimuli;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Messaging;

/// <summary>
/// The host's <see cref="IDeliveryEventSink"/>. Each event is recorded on its message (the first time of its kind) and
/// in <c>MessageEvents</c>, written to the contact's timeline as <c>&lt;channel&gt;_&lt;kind&gt;</c> and published as the
/// stimulus <c>Message.&lt;Kind&gt;</c> keyed by the message id, so a journey waiting for "opened" of the message it sent
/// resumes. Before the stimulus, every <see cref="IDeliveryEventHandler"/> sees the event (bounces and complaints
/// suppress the address), so a journey resumed by it already finds the address suppressed. An event naming only the provider's id is matched through the stored provider id. Events of unknown
/// messages, and replays of an event already recorded, are logged and dropped: the caller (a webhook, a bounce
/// mailbox) gets no error for them.
/// </summary>
public sealed class DeliveryEventSink(
    IStimulusPublisher publisher,
    IMessageStore store,
    MessageTimeline timeline,
    IEnumerable<IDeliveryEventHandler> handlers,
    TimeProvider time,
    ILogger<DeliveryEventSink> logger) : IDeliveryEventSink
{
    public const int MaxDetailLength = 2000;

    public async ValueTask ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        var messageId = deliveryEvent.MessageId;
        if (messageId is null && !string.IsNullOrWhiteSpace(deliveryEvent.ProviderMessageId))
        {
            messageId = (await store.FindByProviderIdAsync(deliveryEvent.Channel, deliveryEvent.ProviderMessageId, cancellationToken))?.Id;
        }

        if (messageId is not { } id)
        {
            logger.LogWarning("Delivery event {Kind} from channel {Channel} (provider id {ProviderMessageId}) names no known message and was dropped",
                deliveryEvent.Kind, deliveryEvent.Channel, deliveryEvent.ProviderMessageId);
            return;
        }

        var detail = deliveryEvent.Detail is { Length: > MaxDetailLength } text ? text[..MaxDetailLength] : deliveryEvent.Detail;
        var occurredAt = deliveryEvent.OccurredAt.UtcDateTime;
        var record = new MessageEventRecord
        {
            Id = MessageEventIds.For(id, deliveryEvent.Kind, occurredAt, detail),
            MessageId = id,
            Kind = deliveryEvent.Kind,
            OccurredAt = occurredAt,
            Detail = detail,
        };
        var recorded = await store.RecordEngagementAsync(record, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (recorded is null)
        {
            logger.LogWarning("Delivery event {Kind} from channel {Channel} names message {MessageId}, which does not exist (erased?); dropped",
                deliveryEvent.Kind, deliveryEvent.Channel, id);
            return;
        }

        if (recorded.Duplicate)
        {
            logger.LogDebug("Delivery event {Kind} of message {MessageId} was recorded before; the repeat is dropped", deliveryEvent.Kind, id);
            return;
        }

        var message = recorded.Message;
        if (message.ContactId is { } contactId)
        {
            await timeline.WriteAsync([new MessageTimelineEntry(contactId, id, message.Channel, deliveryEvent.Kind.ToString(), occurredAt, detail)], cancellationToken);
        }

        await HandleAsync(deliveryEvent with { MessageId = id, Detail = detail }, id, cancellationToken);
        var result = await publisher.PublishAsync([DeliveryStimuli.For(deliveryEvent with { MessageId = id, Detail = detail }, id)], cancellationToken);
        logger.LogDebug("Delivery event {Kind} of message {MessageId} via {Channel}: {Resumed} resumed, {Started} started",
            deliveryEvent.Kind, id, deliveryEvent.Channel, result.Resumed, result.Started);
    }

    /// <summary>
    /// A failing handler is logged and the others still run: the event is recorded already, so throwing would only make
    /// the reporter send it again as a duplicate that no handler sees.
    /// </summary>
    private async Task HandleAsync(DeliveryEvent deliveryEvent, Guid messageId, CancellationToken cancellationToken)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await handler.HandleAsync(deliveryEvent, messageId, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Handler {Handler} failed on delivery event {Kind} of message {MessageId}",
                    handler.GetType().Name, deliveryEvent.Kind, messageId);
            }
        }
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
