namespace AutomationServer.Workflows.Hosting;

/// <summary>
/// A value read from the database at most once per lifetime and shared meanwhile by every caller, one load at a time
/// (the trigger index, the segment and scoring catalogs: read on every event, changed rarely). <see cref="Invalidate"/>
/// makes the next read load again; a load that started before an invalidation is handed to its caller but not kept,
/// so a change is never hidden behind a snapshot read just before it.
/// </summary>
public sealed class ExpiringSnapshot<T>(TimeProvider clock, Func<TimeSpan> lifetime) where T : class
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Entry? _current;
    private int _generation;

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _current = null;
    }

    public async ValueTask<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } value)
        {
            return value;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_current) is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var generation = Volatile.Read(ref _generation);
            var now = clock.GetUtcNow();
            var loaded = await load(cancellationToken);
            if (generation == Volatile.Read(ref _generation))
            {
                _current = new Entry(now, loaded);
            }

            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private T? Fresh(Entry? entry) => entry is not null && clock.GetUtcNow() - entry.LoadedAt < lifetime() ? entry.Value : null;

    private sealed record Entry(DateTimeOffset LoadedAt, T Value);
}
