using AutomationServer.Workflows.Hosting;
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
    private readonly ExpiringSnapshot<Snapshot> _snapshot = new(clock, () => options.Value.TriggerCacheLifetime);

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
    public void Invalidate() => _snapshot.Invalidate();

    private ValueTask<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken) => _snapshot.GetAsync(LoadAsync, cancellationToken);

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var triggers = await store.LoadTriggersAsync(cancellationToken);
        return new Snapshot(
            triggers.GroupBy(t => t.Hash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<TriggerRecord>)g.ToList(), StringComparer.Ordinal),
            triggers.ToDictionary(t => t.Id));
    }

    private sealed record Snapshot(Dictionary<string, IReadOnlyList<TriggerRecord>> ByHash, Dictionary<Guid, TriggerRecord> ById);
}
