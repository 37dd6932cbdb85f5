using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores;

internal sealed class EfWorkflowInstanceStore(IDbContextFactory<WorkflowDbContext> contexts) : IWorkflowInstanceStore
{
    /// <remarks>Newest instance first.</remarks>
    public async Task<(IReadOnlyList<WorkflowInstanceRecord> Items, int Total)> ListAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Skip, query.Take);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instances = db.Instances.AsNoTracking();
        if (!string.IsNullOrEmpty(query.DefinitionId))
        {
            instances = instances.Where(i => i.DefinitionId == query.DefinitionId);
        }

        if (query.Status is { } status)
        {
            instances = instances.Where(i => i.Status == status);
        }

        if (!string.IsNullOrEmpty(query.CorrelationId))
        {
            instances = instances.Where(i => i.CorrelationId == query.CorrelationId);
        }

        var total = await instances.CountAsync(cancellationToken);
        var items = await instances
            .OrderByDescending(i => i.CreatedAt)
            .ThenBy(i => i.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<WorkflowInstanceRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<BookmarkRecord>> ListBookmarksAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Bookmarks.AsNoTracking()
            .Where(b => b.InstanceId == instanceId)
            .OrderBy(b => b.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.AsNoTracking()
            .Where(i => i.InstanceId == instanceId)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<IncidentRecord?> FindIncidentAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
    }

    public async Task<int> CountActiveAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.CountAsync(
            i => i.DefinitionId == definitionId && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Suspended), cancellationToken);
    }
}
