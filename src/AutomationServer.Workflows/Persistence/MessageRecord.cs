using AutomationServer.Sdk.Channels;

namespace AutomationServer.Workflows.Persistence;

/// <summary>
/// One message: the outbox row a journey step writes in its own commit, and afterwards the record of what became of it
/// (sent, skipped and why, deferred until when, failed, opened...). The send pipeline (AutomationServer.Messaging) claims
/// due rows with a lease, so a message is handed to its channel by one node at a time.
/// </summary>
public sealed class MessageRecord
{
    /// <summary>Derived from instance, step and sequence (see <c>MessageIds</c>); also the basis of the email <c>Message-ID</c>.</summary>
    public Guid Id { get; set; }

    public string Channel { get; set; } = "";

    public Guid? ContactId { get; set; }

    public Guid? InstanceId { get; set; }

    public string? DefinitionId { get; set; }

    public string? ActivityId { get; set; }

    public string? TemplateId { get; set; }

    public string? Topic { get; set; }

    public MessagePurpose Purpose { get; set; }

    /// <summary>The <see cref="MessageRequest"/> as JSON: what to render and for whom.</summary>
    public string Request { get; set; } = "{}";

    public MessageState State { get; set; }

    /// <summary>A short machine-readable cause of the state: <c>consent</c>, <c>topic</c>, <c>suppressed</c>, <c>frequency_cap</c>, <c>quiet_hours</c>, <c>throttled</c>, <c>transient</c>, <c>permanent</c>...</summary>
    public string? ReasonCode { get; set; }

    /// <summary>The same cause in words an operator understands.</summary>
    public string? Reason { get; set; }

    /// <summary>Channel hand-offs tried so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the message is due (again): creation time, the end of quiet hours, the next retry.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>A dispatcher that claimed the message holds it until then; an expired lease means the holder died.</summary>
    public DateTime? LeasedUntil { get; set; }

    /// <summary>The claim that holds the lease, so a dispatcher only records outcomes for messages it still holds.</summary>
    public Guid? LeaseId { get; set; }

    /// <summary>The address it went to (personal data: erased with the contact).</summary>
    public string? Recipient { get; set; }

    /// <summary>The rendered subject, for the contact's message history.</summary>
    public string? Subject { get; set; }

    public string? ProviderMessageId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? ClickedAt { get; set; }

    public DateTime? BouncedAt { get; set; }

    public DateTime? ComplainedAt { get; set; }

    public DateTime? UnsubscribedAt { get; set; }
}
