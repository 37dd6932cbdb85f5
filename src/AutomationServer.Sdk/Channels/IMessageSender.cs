namespace AutomationServer.Sdk.Channels;

/// <summary>
/// The common send pipeline, for activities that send messages: it picks the channel by
/// <see cref="OutgoingMessage.Channel"/>, applies the server's timeout and records the outcome. Implemented by the host.
/// </summary>
public interface IMessageSender
{
    ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Where channels report what happened to a message after it was sent (delivery receipts, bounces,
/// opens, clicks, replies). Each event becomes a stimulus journeys can wait for. Implemented by the host.
/// </summary>
public interface IDeliveryEventSink
{
    ValueTask ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken);
}

/// <summary>Something that happened to a sent message. Identify it by <see cref="MessageId"/> or by the channel's <see cref="ProviderMessageId"/>.</summary>
public sealed record DeliveryEvent
{
    public required string Channel { get; init; }

    public required DeliveryEventKind Kind { get; init; }

    public Guid? MessageId { get; init; }

    public string? ProviderMessageId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Provider detail: a bounce reason, the clicked URL, the reply text.</summary>
    public string? Detail { get; init; }

    /// <summary>For <see cref="DeliveryEventKind.Bounced"/>: whether the address is gone for good (hard) or only for now (soft).</summary>
    public BounceType? Bounce { get; init; }
}

public enum BounceType
{
    /// <summary>Permanent (an RFC 3464 status 5.x.x such as 5.1.1 "no such user"): the address is suppressed.</summary>
    Hard,

    /// <summary>Temporary (4.x.x: mailbox full, greylisting): counted; enough of them suppress the address.</summary>
    Soft,
}

public enum DeliveryEventKind
{
    Delivered,
    Failed,
    Bounced,
    Complained,
    Opened,
    Clicked,
    Unsubscribed,
    Replied,
}
