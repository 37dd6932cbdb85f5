namespace AutomationServer.Sdk.Channels;

/// <summary>What the server knows about messages it sent, for decisions such as "was it opened?". Implemented by the host.</summary>
public interface IMessageHistory
{
    /// <summary>The message's state and engagement, or null when no such message exists (or it was erased).</summary>
    ValueTask<MessageSummary?> FindAsync(Guid messageId, CancellationToken cancellationToken);
}

/// <summary>One message's progress through the pipeline and what the recipient did with it.</summary>
public sealed record MessageSummary
{
    public required Guid MessageId { get; init; }

    public required string Channel { get; init; }

    public required MessageState State { get; init; }

    /// <summary>Why it was skipped, deferred or failed, in words an operator understands.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? ClickedAt { get; init; }

    /// <summary>The original (unwrapped) URLs the recipient clicked, first click first.</summary>
    public IReadOnlyList<string> ClickedUrls { get; init; } = [];
}

public enum MessageState
{
    /// <summary>In the outbox, waiting for its turn.</summary>
    Queued,

    /// <summary>Held back until a later time (quiet hours, throttling, a retry after a transient failure).</summary>
    Deferred,

    /// <summary>Handed to a channel right now.</summary>
    Sending,

    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>A send policy refused it (no consent, suppressed, frequency cap...).</summary>
    Skipped,

    /// <summary>The provider refused it for good, or retries ran out.</summary>
    Failed,
}
