using AutomationServer.Persistence.Bulk;
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
            // Every entity gets its state explicitly below; scanning thousands of entities for changes would only cost time.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Conflicts first, so that a losing commit fails before writing the bulk of its rows.
            await DeleteConsumedBookmarksAsync(db, commit.ConsumedBookmarkIds, cancellationToken);
            await UpdateInstancesAsync(db, commit.UpdatedInstances, loadedRevisions, cancellationToken);
            await WriteJourneyEntriesAsync(db, commit.JourneyEntries, cancellationToken);

            foreach (var chunk in Chunks.Of(commit.RemovedBookmarkIds))
            {
                await db.Bookmarks.Where(b => chunk.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            foreach (var incident in commit.UpdatedIncidents)
            {
                db.Entry(incident).State = EntityState.Modified;
            }

            if (provider.BulkWriter is { } bulk)
            {
                await db.SaveChangesAsync(cancellationToken);
                await bulk.InsertAsync(db, commit.NewInstances, cancellationToken);
                await bulk.InsertAsync(db, commit.NewBookmarks, cancellationToken);
                await bulk.InsertAsync(db, commit.NewIncidents, cancellationToken);
                await bulk.InsertAsync(db, commit.NewMessages, cancellationToken);
            }
            else
            {
                db.Instances.AddRange(commit.NewInstances);
                db.Bookmarks.AddRange(commit.NewBookmarks);
                db.Incidents.AddRange(commit.NewIncidents);
                db.Messages.AddRange(commit.NewMessages);
                await db.SaveChangesAsync(cancellationToken);
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

    /// <summary>Writes each instance only where it still has the revision it was loaded with, and moves the revision on.</summary>
    private async Task UpdateInstancesAsync(WorkflowDbContext db, List<WorkflowInstanceRecord> instances, int[] loadedRevisions, CancellationToken cancellationToken)
    {
        if (instances.Count == 0)
        {
            return;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            instances[i].Revision = loadedRevisions[i] + 1;
        }

        if (provider.BulkWriter is { } bulk)
        {
            var matched = await bulk.UpdateAsync(db, instances, loadedRevisions.Cast<object>().ToArray(), cancellationToken);
            if (matched != instances.Count)
            {
                throw new ConcurrencyConflictException(
                    $"{instances.Count - matched} of {instances.Count} workflow instance(s) changed since they were loaded; nothing was committed.");
            }

            return;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            var entry = db.Entry(instances[i]);
            entry.State = EntityState.Modified;
            entry.Property(r => r.Revision).OriginalValue = loadedRevisions[i];
        }

        // Runs the versioned UPDATEs now; a stale revision surfaces as DbUpdateConcurrencyException.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Moves each entry row on only from the revision it was read at; a row that appeared or moved meanwhile means
    /// another node started the same contact first, so the whole commit is a conflict and the runtime decides again.
    /// </summary>
    private static async Task WriteJourneyEntriesAsync(WorkflowDbContext db, List<JourneyEntryClaim> claims, CancellationToken cancellationToken)
    {
        foreach (var claim in claims)
        {
            var row = claim.Row;
            if (claim.LoadedRevision is not { } loaded)
            {
                row.Revision = 1;
                continue;
            }

            row.Revision = loaded + 1;
            var updated = await db.JourneyEntries
                .Where(e => e.DefinitionId == row.DefinitionId && e.CorrelationId == row.CorrelationId && e.Revision == loaded)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(e => e.LastStartedAt, row.LastStartedAt)
                    .SetProperty(e => e.Count, row.Count)
                    .SetProperty(e => e.LastEntryKey, row.LastEntryKey)
                    .SetProperty(e => e.Revision, row.Revision), cancellationToken);
            if (updated != 1)
            {
                throw new ConcurrencyConflictException(
                    $"Journey '{row.DefinitionId}' was entered for '{row.CorrelationId}' by another commit; nothing was committed.");
            }
        }

        var inserts = claims.Where(c => c.LoadedRevision is null).Select(c => c.Row).ToList();
        if (inserts.Count == 0)
        {
            return;
        }

        db.JourneyEntries.AddRange(inserts);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            throw new ConcurrencyConflictException(
                $"Journey '{inserts[0].DefinitionId}' was entered for '{inserts[0].CorrelationId}' by another commit; nothing was committed.", exception);
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
