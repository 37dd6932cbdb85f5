using System.Collections.Concurrent;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Compiled blueprints by definition version id. A version's JSON never changes once an instance
/// runs on it (publishing a change creates a new version), so a blueprint is built once per process.
/// </summary>
public sealed class BlueprintProvider(IWorkflowDefinitionStore definitions, BlueprintCompiler compiler)
{
    private readonly ConcurrentDictionary<Guid, Task<WorkflowBlueprint?>> _blueprints = new();

    /// <summary>The blueprint of a version, or null when the version no longer exists.</summary>
    public Task<WorkflowBlueprint?> GetAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var task = _blueprints.GetOrAdd(versionId, id => LoadAsync(id, CancellationToken.None));
        if (task.IsCompleted && (task.IsFaulted || task.Result is null))
        {
            // Do not cache failures or misses: the version may be created or fixed later.
            _blueprints.TryRemove(versionId, out _);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Compiles a stored version directly (e.g. a draft being drawn), bypassing the cache.</summary>
    public WorkflowBlueprint Compile(WorkflowDefinitionRecord record)
    {
        var result = ElsaJsonReader.Read(record.Json);
        var model = result.Model ?? throw new InvalidOperationException(
            $"Stored definition {record.DefinitionId} v{record.Version} cannot be read: {string.Join("; ", result.Problems.Select(p => p.Message))}");
        return compiler.Compile(model, record.Id, record.Version);
    }

    /// <summary>Drops a version from the cache (after the version is edited in place as a draft).</summary>
    public void Forget(Guid versionId) => _blueprints.TryRemove(versionId, out _);

    /// <summary>Drops every cached blueprint (after activity implementations were replaced, e.g. a plugin reloaded).</summary>
    public void ForgetAll() => _blueprints.Clear();

    private async Task<WorkflowBlueprint?> LoadAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var record = await definitions.FindByIdAsync(versionId, cancellationToken);
        return record is null ? null : Compile(record);
    }
}
