using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Bounces;

/// <summary>
/// Host-side work that follows a delivery event once the sink recorded it on the message (suppressing a bounced
/// address, unsubscribing a complainer). The sink calls every registered handler with the event's message id; a
/// handler must tolerate being called again for the same event.
/// </summary>
public interface IDeliveryEventHandler
{
    Task HandleAsync(DeliveryEvent deliveryEvent, Guid messageId, CancellationToken cancellationToken);
}
