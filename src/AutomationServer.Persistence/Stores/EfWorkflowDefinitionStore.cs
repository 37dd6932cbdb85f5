using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores;

internal sealed class EfWorkflowDefinitionStore(IDbContextFactory<WorkflowDbContext> contexts) : IWorkflowDefinitionStore
{
    /// <remarks>Search matches the name or the definition id, ignoring case; the status filter applies to the latest version.</remarks>
    public async Task<(IReadOnlyList<WorkflowDefinitionRecord> Items, int Total)> ListLatestAsync(DefinitionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Skip, query.Take);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = db.Definitions.AsNoTracking().Where(d => d.IsLatest);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLowerInvariant();
            // Translated to SQL as LOWER(column) containing the term, the one case-insensitive match all three providers share.
#pragma warning disable CA1862
            latest = latest.Where(d => d.Name.ToLower().Contains(search) || d.DefinitionId.ToLower().Contains(search));
#pragma warning restore CA1862
        }

        if (query.Status is { } status)
        {
            latest = latest.Where(d => d.Status == status);
        }

        var total = await latest.CountAsync(cancellationToken);
        var items = await latest
            .OrderByDescending(d => d.UpdatedAt)
            .ThenBy(d => d.DefinitionId)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId)
            .OrderBy(d => d.Version)
            .ToListAsync(cancellationToken);
    }

    public Task<WorkflowDefinitionRecord?> FindLatestAsync(string definitionId, CancellationToken cancellationToken) =>
        FindAsync(d => d.DefinitionId == definitionId && d.IsLatest, cancellationToken);

    public Task<WorkflowDefinitionRecord?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken) =>
        FindAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);

    public Task<WorkflowDefinitionRecord?> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        FindAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken);

    public Task<WorkflowDefinitionRecord?> FindByIdAsync(Guid versionId, CancellationToken cancellationToken) =>
        FindAsync(d => d.Id == versionId, cancellationToken);

    public async Task SaveAsync(WorkflowDefinitionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ValidateRecord(record);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UpsertAsync(db, record, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task PublishAsync(WorkflowDefinitionRecord version, IReadOnlyList<TriggerRecord> triggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(triggers);
        ValidateRecord(version);
        foreach (var trigger in triggers)
        {
            ValidateTrigger(version, trigger);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        version.IsPublished = true;
        version.Status = DefinitionStatus.Published;
        version.PublishedAt ??= DateTime.UtcNow;
        await UpsertAsync(db, version, cancellationToken);

        await db.Triggers.Where(t => t.DefinitionId == version.DefinitionId).ExecuteDeleteAsync(cancellationToken);
        db.Triggers.AddRange(triggers);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Definitions
            .Where(d => d.DefinitionId == definitionId && (d.IsPublished || d.Status == DefinitionStatus.Published))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsPublished, false).SetProperty(d => d.Status, DefinitionStatus.Retracted), cancellationToken);
        await db.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Definitions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private async Task<WorkflowDefinitionRecord?> FindAsync(
        System.Linq.Expressions.Expression<Func<WorkflowDefinitionRecord, bool>> predicate, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking().Where(predicate).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Inserts or updates the version and keeps "one latest, at most one published" true for its definition.</summary>
    private static async Task UpsertAsync(WorkflowDbContext db, WorkflowDefinitionRecord record, CancellationToken cancellationToken)
    {
        var exists = await db.Definitions.AnyAsync(d => d.Id == record.Id, cancellationToken);
        if (!exists)
        {
            var versionTaken = await db.Definitions.AnyAsync(d => d.DefinitionId == record.DefinitionId && d.Version == record.Version, cancellationToken);
            if (versionTaken)
            {
                throw new InvalidOperationException($"Version {record.Version} of workflow definition '{record.DefinitionId}' already exists.");
            }

            record.IsLatest = true;
        }

        var id = record.Id;
        if (record.IsLatest)
        {
            await db.Definitions
                .Where(d => d.DefinitionId == record.DefinitionId && d.Id != id && d.IsLatest)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsLatest, false), cancellationToken);
        }

        if (record.IsPublished)
        {
            // A version that another one replaces as the published one goes back to draft; only RetractAsync retracts.
            await db.Definitions
                .Where(d => d.DefinitionId == record.DefinitionId && d.Id != id && (d.IsPublished || d.Status == DefinitionStatus.Published))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsPublished, false).SetProperty(d => d.Status, DefinitionStatus.Draft), cancellationToken);
        }

        if (exists)
        {
            db.Definitions.Update(record);
        }
        else
        {
            db.Definitions.Add(record);
        }
    }

    private static void ValidateRecord(WorkflowDefinitionRecord record)
    {
        if (record.Id == Guid.Empty)
        {
            throw new ArgumentException("The definition version needs an id.", nameof(record));
        }

        if (string.IsNullOrWhiteSpace(record.DefinitionId))
        {
            throw new ArgumentException("The definition version needs a definition id.", nameof(record));
        }

        if (record.Version < 1)
        {
            throw new ArgumentException($"Version numbers start at 1, not {record.Version}.", nameof(record));
        }
    }

    private static void ValidateTrigger(WorkflowDefinitionRecord version, TriggerRecord trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger.Id == Guid.Empty)
        {
            throw new ArgumentException($"A trigger of activity '{trigger.ActivityId}' has no id.", nameof(trigger));
        }

        if (trigger.DefinitionId != version.DefinitionId || trigger.DefinitionVersionId != version.Id)
        {
            throw new ArgumentException(
                $"Trigger {trigger.Id} belongs to definition '{trigger.DefinitionId}' version {trigger.DefinitionVersionId}, " +
                $"not to the published '{version.DefinitionId}' version {version.Id}.", nameof(trigger));
        }

        if (string.IsNullOrEmpty(trigger.Hash))
        {
            throw new ArgumentException($"Trigger {trigger.Id} has no stimulus hash.", nameof(trigger));
        }
    }
}
