using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Bounces;

/// <summary>
/// Keeps bounced and complaining addresses from being mailed again. A hard bounce suppresses the message's recipient
/// address on its channel; soft bounces are counted per address and suppress it once
/// <see cref="BounceHandlingOptions.SoftBounceThreshold"/> arrive within <see cref="BounceHandlingOptions.SoftBounceWindow"/>;
/// a complaint suppresses the address and unsubscribes the contact from the channel (consent source <c>complaint</c>).
/// A send the email server refused with <c>5.1.x</c> (reported as Failed) counts as a hard bounce.
/// </summary>
public sealed class BounceSuppressionHandler(
    IBounceStore store,
    ConsentService consent,
    IdentityNormalizer identities,
    IOptions<BounceHandlingOptions> options,
    ILogger<BounceSuppressionHandler> logger) : IDeliveryEventHandler
{
    public const string ComplaintSource = "complaint";

    private const string EmailChannel = "email";

    public async Task HandleAsync(DeliveryEvent deliveryEvent, Guid messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        var outcome = Classify(deliveryEvent);
        if (outcome == BounceOutcome.None)
        {
            return;
        }

        var message = await store.FindMessageAsync(messageId, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("{Kind} event of unknown message {MessageId} via {Channel} is not acted on", deliveryEvent.Kind, messageId, deliveryEvent.Channel);
            return;
        }

        var channel = message.Channel.Trim().ToLowerInvariant();
        var address = Normalize(channel, message.Recipient);
        if (outcome == BounceOutcome.Complaint)
        {
            await UnsubscribeAsync(message, channel, deliveryEvent.Detail, cancellationToken);
        }

        if (address is null)
        {
            logger.LogWarning("{Kind} event of message {MessageId}: the message has no usable {Channel} recipient address to suppress", deliveryEvent.Kind, messageId, channel);
            return;
        }

        switch (outcome)
        {
            case BounceOutcome.Hard:
                await SuppressAsync(channel, address, $"hard bounce: {deliveryEvent.Detail}", messageId, cancellationToken);
                break;
            case BounceOutcome.Complaint:
                await SuppressAsync(channel, address, $"complaint: {deliveryEvent.Detail}", messageId, cancellationToken);
                break;
            case BounceOutcome.Soft:
                await CountSoftBounceAsync(channel, address, deliveryEvent, messageId, cancellationToken);
                break;
        }
    }

    /// <summary>What an event means for the address; a bounce that says neither hard nor soft is judged by its status code.</summary>
    public static BounceOutcome Classify(DeliveryEvent deliveryEvent) => deliveryEvent.Kind switch
    {
        DeliveryEventKind.Complained => BounceOutcome.Complaint,
        DeliveryEventKind.Bounced => deliveryEvent.Bounce switch
        {
            BounceType.Hard => BounceOutcome.Hard,
            BounceType.Soft => BounceOutcome.Soft,
            _ => EnhancedStatus.IsBadAddress(deliveryEvent.Detail) ? BounceOutcome.Hard : BounceOutcome.Soft,
        },
        DeliveryEventKind.Failed when string.Equals(deliveryEvent.Channel, EmailChannel, StringComparison.OrdinalIgnoreCase)
            && EnhancedStatus.IsBadAddress(deliveryEvent.Detail) => BounceOutcome.Hard,
        _ => BounceOutcome.None,
    };

    private async Task CountSoftBounceAsync(string channel, string address, DeliveryEvent deliveryEvent, Guid messageId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var hash = SuppressedAddress.Hashed(address);
        var count = await store.CountSoftBounceAsync(channel, hash, messageId, deliveryEvent.OccurredAt.UtcDateTime, settings.SoftBounceWindow, cancellationToken);
        logger.LogInformation("Soft bounce {Count} of {Threshold} of a {Channel} address (message {MessageId}): {Detail}",
            count, settings.SoftBounceThreshold, channel, messageId, deliveryEvent.Detail);
        if (count >= settings.SoftBounceThreshold)
        {
            await SuppressAsync(channel, address, $"{count} soft bounces within {settings.SoftBounceWindow.TotalDays:0.#} days, last: {deliveryEvent.Detail}", messageId, cancellationToken);
        }
    }

    private async Task SuppressAsync(string channel, string address, string reason, Guid messageId, CancellationToken cancellationToken)
    {
        var text = reason.Length <= AudienceTables.DisplayLength ? reason : reason[..AudienceTables.DisplayLength];
        try
        {
            await consent.SuppressAsync(new SuppressionInput(channel, address, text), cancellationToken);
            logger.LogInformation("Suppressed a {Channel} address after message {MessageId}: {Reason}", channel, messageId, text);
        }
        catch (AudienceConflictException)
        {
            // Suppressed already (an earlier bounce, a report seen twice): nothing more to do.
        }
        catch (AudienceValidationException ex)
        {
            logger.LogWarning("The {Channel} recipient of message {MessageId} cannot be suppressed: {Error}", channel, messageId, ex.Message);
            return;
        }

        await store.ForgetSoftBouncesAsync(channel, SuppressedAddress.Hashed(address), cancellationToken);
    }

    private async Task UnsubscribeAsync(BouncedMessage message, string channel, string? feedbackType, CancellationToken cancellationToken)
    {
        if (message.ContactId is not { } contactId)
        {
            return;
        }

        var unsubscribed = await consent.SetAsync(contactId, new ConsentInput(channel, "", nameof(ConsentStatus.Unsubscribed), ComplaintSource), cancellationToken);
        if (unsubscribed)
        {
            logger.LogInformation("Contact {ContactId} complained ({FeedbackType}) about message {MessageId} and is unsubscribed from {Channel}", contactId, feedbackType, message.Id, channel);
        }
        else
        {
            logger.LogWarning("Contact {ContactId} who complained ({FeedbackType}) about message {MessageId} on {Channel} no longer exists", contactId, feedbackType, message.Id, channel);
        }
    }

    /// <summary>The address as the suppression list and the contact identities store it; null when it is not one.</summary>
    private string? Normalize(string channel, string? recipient)
    {
        if (string.IsNullOrWhiteSpace(recipient))
        {
            return null;
        }

        var (value, _) = ConsentService.AddressKind(channel) switch
        {
            IdentityKinds.Email => identities.NormalizeEmail(recipient),
            IdentityKinds.Phone => identities.NormalizePhone(recipient),
            _ => (recipient.Trim(), (string?)null),
        };
        return value;
    }
}

public enum BounceOutcome
{
    None,
    Hard,
    Soft,
    Complaint,
}
