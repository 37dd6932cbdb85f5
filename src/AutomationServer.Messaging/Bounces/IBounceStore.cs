namespace AutomationServer.Messaging.Bounces;

/// <summary>What bounce handling reads and writes: the bounced message's row, and the soft-bounce count per address.</summary>
public interface IBounceStore
{
    /// <summary>The message's channel, contact and recipient address; null when there is no such message.</summary>
    Task<BouncedMessage?> FindMessageAsync(Guid messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one soft bounce of <paramref name="messageId"/> to the address and returns the count within the window:
    /// counting starts again at 1 when the first counted bounce is older than <paramref name="window"/>. The same
    /// message reported again is not counted twice.
    /// </summary>
    Task<int> CountSoftBounceAsync(string channel, string addressHash, Guid messageId, DateTime occurredAt, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Drops the address's count (once it is suppressed, or delivered to again).</summary>
    Task ForgetSoftBouncesAsync(string channel, string addressHash, CancellationToken cancellationToken);
}

public sealed record BouncedMessage(Guid Id, string Channel, Guid? ContactId, string? Recipient);
