using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// One delivery or engagement event of a message (delivered, opened, a click with its URL, a bounce with its reason):
/// the message row keeps only the first time of each kind, this table keeps every one.
/// </summary>
public sealed class MessageEventRecord
{
    /// <summary>Derived from message, kind, time and detail (see <see cref="MessageEventIds"/>), so a replayed event is stored once.</summary>
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public DeliveryEventKind Kind { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The clicked URL, the bounce reason, the reply text.</summary>
    public string? Detail { get; set; }
}
