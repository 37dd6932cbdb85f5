using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// The published triggers by stimulus hash, cached in memory: every posted event consults it, so it
/// must not cost a query. Reloaded after a local publish and, for changes made by other nodes,
/// when older than <see cref="WorkflowEngineOptions.TriggerCacheLifetime"/>.
/// </summary>
public sealed class TriggerIndex(IWorkflowRuntimeStore store, TimeProvider clock, IOptions<WorkflowEngineOptions> options)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async ValueTask<IReadOnlyList<TriggerRecord>> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken);
        return snapshot.ByHash.TryGetValue(hash, out var triggers) ? triggers : [];
    }

    public async ValueTask<TriggerRecord?> FindByIdAsync(Guid triggerId, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken);
        return snapshot.ById.GetValueOrDefault(triggerId);
    }

    /// <summary>Forgets the cache; the next lookup reloads it.</summary>
    public void Invalidate() => _snapshot = null;

    private async ValueTask<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < options.Value.TriggerCacheLifetime)
        {
            return snapshot;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < options.Value.TriggerCacheLifetime)
            {
                return snapshot;
            }

            var loadedAt = clock.GetUtcNow();
            var triggers = await store.LoadTriggersAsync(cancellationToken);
            snapshot = new Snapshot(
                loadedAt,
                triggers.GroupBy(t => t.Hash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<TriggerRecord>)g.ToList(), StringComparer.Ordinal),
                triggers.ToDictionary(t => t.Id));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, IReadOnlyList<TriggerRecord>> ByHash, Dictionary<Guid, TriggerRecord> ById);
}
