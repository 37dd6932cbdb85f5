using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Messaging.Outbox;

/// <summary>
/// The engine's <see cref="IOutboxSignal"/>: wakes the dispatcher as soon as a commit queued messages instead of at its
/// next poll. Separate from the dispatcher so that the engine does not depend on the whole send pipeline.
/// </summary>
public sealed class OutboxWakeup : IOutboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void MessagesQueued(int count)
    {
        if (count > 0)
        {
            Wake();
        }
    }

    public void Wake()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is pending already; one is enough.
        }
    }

    /// <summary>Waits for a wake-up or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _pending.WaitAsync(linked.Token);
        var elapsed = Task.Delay(pollInterval, time, linked.Token);
        await Task.WhenAny(signalled, elapsed);
        await linked.CancelAsync();
        try
        {
            await Task.WhenAll(signalled, elapsed);
        }
        catch (OperationCanceledException)
        {
            // The loser of the two was cancelled; a stop request surfaces below.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
