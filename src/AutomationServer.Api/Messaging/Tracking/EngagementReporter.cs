using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>
/// Hands opens, clicks and unsubscribes to the <see cref="IDeliveryEventSink"/> (timeline events, journey stimuli). A
/// failure is logged, not passed on: the recipient's redirect, pixel or confirmation must not depend on it.
/// </summary>
internal sealed class EngagementReporter(IDeliveryEventSink sink, ILogger<EngagementReporter> logger)
{
    public async Task ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        try
        {
            await sink.ReportAsync(deliveryEvent, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(failure, "Could not report {Kind} of message {MessageId}", deliveryEvent.Kind, deliveryEvent.MessageId);
        }
    }
}
