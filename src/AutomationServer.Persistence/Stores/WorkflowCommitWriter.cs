using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores;

/// <summary>Applies one <see cref="WorkflowCommit"/> in one transaction, or nothing at all.</summary>
internal sealed class WorkflowCommitWriter(IDbContextFactory<WorkflowDbContext> contexts, IPersistenceProvider provider)
{
    public async Task WriteAsync(WorkflowCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.IsEmpty)
        {
            return;
        }

        Validate(commit);
        var loadedRevisions = commit.UpdatedInstances.Select(i => i.Revision).ToArray();
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Every entity gets its state explicitly below; scanning 2,000 entities for changes would only cost time.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            await DeleteConsumedBookmarksAsync(db, commit.ConsumedBookmarkIds, cancellationToken);
            foreach (var chunk in Chunks.Of(commit.RemovedBookmarkIds))
            {
                await db.Bookmarks.Where(b => chunk.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            for (var i = 0; i < commit.UpdatedInstances.Count; i++)
            {
                var entry = db.Entry(commit.UpdatedInstances[i]);
                entry.State = EntityState.Modified;
                var revision = entry.Property(r => r.Revision);
                revision.OriginalValue = loadedRevisions[i];
                revision.CurrentValue = loadedRevisions[i] + 1;
            }

            foreach (var incident in commit.UpdatedIncidents)
            {
                db.Entry(incident).State = EntityState.Modified;
            }

            var bulk = provider.BulkInserter;
            if (bulk is null)
            {
                db.Instances.AddRange(commit.NewInstances);
                db.Bookmarks.AddRange(commit.NewBookmarks);
                db.Incidents.AddRange(commit.NewIncidents);
            }

            // Updates go first: a stale revision fails the commit before the bulk of it is written.
            await db.SaveChangesAsync(cancellationToken);
            if (bulk is not null)
            {
                await bulk.InsertAsync(db, commit.NewInstances, cancellationToken);
                await bulk.InsertAsync(db, commit.NewBookmarks, cancellationToken);
                await bulk.InsertAsync(db, commit.NewIncidents, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The records belong to the caller: leave them as loaded so it can reload and retry.
            for (var i = 0; i < commit.UpdatedInstances.Count; i++)
            {
                commit.UpdatedInstances[i].Revision = loadedRevisions[i];
            }

            if (exception is DbUpdateConcurrencyException concurrency)
            {
                var ids = string.Join(", ", concurrency.Entries.Select(e => e.Entity is WorkflowInstanceRecord r ? r.Id.ToString() : e.Metadata.DisplayName()));
                throw new ConcurrencyConflictException($"Workflow instance(s) {ids} changed since they were loaded; nothing was committed.", exception);
            }

            if (exception is not ConcurrencyConflictException && provider.IsConflict(exception))
            {
                throw new ConcurrencyConflictException("The database gave this commit up in favour of a competing one; nothing was committed.", exception);
            }

            throw;
        }
    }

    private static async Task DeleteConsumedBookmarksAsync(WorkflowDbContext db, List<Guid> consumed, CancellationToken cancellationToken)
    {
        var expected = 0;
        var deleted = 0;
        foreach (var chunk in Chunks.Of(consumed))
        {
            expected += chunk.Length;
            deleted += await db.Bookmarks.Where(b => chunk.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        if (deleted != expected)
        {
            throw new ConcurrencyConflictException(
                $"{expected - deleted} of {expected} consumed bookmark(s) no longer exist: another commit resumed them first; nothing was committed.");
        }
    }

    private static void Validate(WorkflowCommit commit)
    {
        var updated = new HashSet<Guid>();
        foreach (var instance in commit.UpdatedInstances)
        {
            if (!updated.Add(instance.Id))
            {
                throw new ArgumentException($"Instance {instance.Id} appears more than once among the updated instances.", nameof(commit));
            }
        }

        foreach (var instance in commit.NewInstances)
        {
            if (updated.Contains(instance.Id))
            {
                throw new ArgumentException($"Instance {instance.Id} is both new and updated in one commit.", nameof(commit));
            }
        }
    }
}
