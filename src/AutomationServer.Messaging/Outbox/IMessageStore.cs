using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// The outbox and message log (the <c>Messages</c> table) as the send pipeline uses it. Claims are leases: a dispatcher
/// that claimed a message records its outcome only while its lease (<see cref="MessageRecord.LeaseId"/>) still holds it.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages, earliest first, in one statement or transaction: Queued or
    /// Deferred with <c>DueAt &lt;= now</c>, or Sending with an expired lease (its dispatcher died). Each comes back in
    /// state Sending with <paramref name="leaseId"/> until <paramref name="leasedUntilUtc"/>; no two callers get the same row.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> ClaimDueAsync(DateTime nowUtc, DateTime leasedUntilUtc, Guid leaseId, int limit, CancellationToken cancellationToken);

    /// <summary>Writes the outcomes in one transaction, each only where the row still carries <paramref name="leaseId"/>; returns the ids written.</summary>
    Task<IReadOnlySet<Guid>> RecordOutcomesAsync(Guid leaseId, IReadOnlyList<MessageOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken);

    Task<MessageRecord?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The message a provider's id names; null when unknown. <paramref name="channel"/> narrows the search when given.</summary>
    Task<MessageRecord?> FindByProviderIdAsync(string? channel, string providerMessageId, CancellationToken cancellationToken);

    Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken);

    /// <summary>Every delivery and engagement event of the message, oldest first.</summary>
    Task<IReadOnlyList<MessageEventRecord>> EventsAsync(Guid messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the event (unless one with its id exists) and sets the message's first time of that kind
    /// (<c>DeliveredAt</c>, <c>OpenedAt</c>...) when not set yet. Null when the message does not exist.
    /// </summary>
    Task<EngagementRecorded?> RecordEngagementAsync(MessageEventRecord messageEvent, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Puts a Failed or Skipped message back in the queue, due now, its reason and lease cleared.</summary>
    Task<RequeueResult> RequeueAsync(Guid id, DateTime nowUtc, CancellationToken cancellationToken);
}

/// <summary>What became of one claimed message. Null fields leave the column as it is.</summary>
public sealed record MessageOutcome(Guid MessageId, MessageState State, int Attempts, DateTime DueAt)
{
    public string? ReasonCode { get; init; }

    public string? Reason { get; init; }

    public DateTime? SentAt { get; init; }

    public string? ProviderMessageId { get; init; }

    public string? Recipient { get; init; }

    public string? Subject { get; init; }
}

/// <summary>All given filters must hold; newest first.</summary>
public sealed record MessageQuery(Guid? ContactId, MessageState? State, string? Channel, string? DefinitionId, int Skip, int Take);

public sealed record MessagePage(IReadOnlyList<MessageRecord> Items, int Total);

/// <param name="Message">The message after the update.</param>
/// <param name="Duplicate">True when this very event was stored before (a replay): nothing changed.</param>
public sealed record EngagementRecorded(MessageRecord Message, bool Duplicate);

public enum RequeueResult
{
    Requeued,
    NotFound,

    /// <summary>The message is not Failed or Skipped.</summary>
    WrongState,
}
