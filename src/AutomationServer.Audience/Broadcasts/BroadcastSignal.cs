namespace AutomationServer.Audience.Broadcasts;

/// <summary>Wakes the broadcast worker when a run was created on this node, so it does not wait for the next poll.</summary>
public sealed class BroadcastSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void RunCreated()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke the worker in between; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
