using System.Collections.Concurrent;
using System.Threading.Channels;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>
/// Contacts whose events, attributes or consent changed and whose segment memberships must be
/// re-evaluated. Writers only enqueue (ingesting 10,000 events stays one bulk insert); the
/// <see cref="SegmentUpdateWorker"/> re-evaluates each contact moments later. A contact already waiting
/// is not queued twice. The scheduled reconciliation covers a change lost in a crash.
/// </summary>
public sealed class ContactChangeQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, byte> _waiting = new();

    public void Enqueue(Guid contactId)
    {
        if (_waiting.TryAdd(contactId, 0))
        {
            _channel.Writer.TryWrite(contactId);
        }
    }

    public void Enqueue(IEnumerable<Guid> contactIds)
    {
        foreach (var contactId in contactIds)
        {
            Enqueue(contactId);
        }
    }

    /// <summary>How many contacts wait for re-evaluation.</summary>
    public int Pending => _waiting.Count;

    internal async ValueTask<Guid> DequeueAsync(CancellationToken cancellationToken)
    {
        var contactId = await _channel.Reader.ReadAsync(cancellationToken);
        _waiting.TryRemove(contactId, out _);
        return contactId;
    }
}
