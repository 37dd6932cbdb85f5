namespace AutomationServer.Workflows.Persistence;

public sealed record DefinitionQuery(string? Search = null, DefinitionStatus? Status = null, int Skip = 0, int Take = 100);

public sealed record InstanceQuery(string? DefinitionId = null, InstanceStatus? Status = null, string? CorrelationId = null, int Skip = 0, int Take = 100);

/// <summary>Definition versions and their trigger index.</summary>
public interface IWorkflowDefinitionStore
{
    /// <summary>The latest version of each definition matching the query, newest change first, and the total count.</summary>
    Task<(IReadOnlyList<WorkflowDefinitionRecord> Items, int Total)> ListLatestAsync(DefinitionQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkflowDefinitionRecord>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken);

    Task<WorkflowDefinitionRecord?> FindLatestAsync(string definitionId, CancellationToken cancellationToken);

    Task<WorkflowDefinitionRecord?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken);

    Task<WorkflowDefinitionRecord?> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken);

    Task<WorkflowDefinitionRecord?> FindByIdAsync(Guid versionId, CancellationToken cancellationToken);

    /// <summary>Inserts a new version (making it the only latest one) or updates an existing version in place.</summary>
    Task SaveAsync(WorkflowDefinitionRecord record, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="version"/> the only published version and replaces the definition's triggers, in one transaction.</summary>
    Task PublishAsync(WorkflowDefinitionRecord version, IReadOnlyList<TriggerRecord> triggers, CancellationToken cancellationToken);

    /// <summary>Unpublishes the definition and removes its triggers; running instances continue.</summary>
    Task RetractAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>Deletes every version and trigger of the definition. Returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken);
}

/// <summary>Read side of instances and incidents, for the API.</summary>
public interface IWorkflowInstanceStore
{
    Task<(IReadOnlyList<WorkflowInstanceRecord> Items, int Total)> ListAsync(InstanceQuery query, CancellationToken cancellationToken);

    Task<WorkflowInstanceRecord?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<BookmarkRecord>> ListBookmarksAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<IncidentRecord?> FindIncidentAsync(Guid incidentId, CancellationToken cancellationToken);

    /// <summary>Instances of the definition that are still running or waiting.</summary>
    Task<int> CountActiveAsync(string definitionId, CancellationToken cancellationToken);
}
