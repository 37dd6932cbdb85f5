using AutomationServer.Persistence.Model;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores;

/// <summary>The runtime's hot path. Each call uses its own short-lived pooled context, so one instance serves all threads.</summary>
internal sealed class EfWorkflowRuntimeStore(IDbContextFactory<WorkflowDbContext> contexts, PersistenceSelection selection) : IWorkflowRuntimeStore
{
    public async Task<IReadOnlyList<TriggerRecord>> LoadTriggersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Triggers.AsNoTracking().ToListAsync(cancellationToken);
    }

    private const int InListChunk = 500;

    public async Task<IReadOnlyList<BookmarkRecord>> FindBookmarksAsync(IReadOnlyCollection<BookmarkKey> keys, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (keys.Any(k => string.IsNullOrEmpty(k.Hash)))
        {
            throw new ArgumentException("Every key needs a hash.", nameof(keys));
        }

        var uncorrelated = keys.Where(k => k.CorrelationId is null).Select(k => k.Hash).ToHashSet(StringComparer.Ordinal);
        var correlated = keys.Where(k => k.CorrelationId is not null && !uncorrelated.Contains(k.Hash)).ToHashSet();
        var found = new Dictionary<Guid, BookmarkRecord>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // IN lists are cut into chunks: SQL Server takes at most 2,100 parameters per statement.
        foreach (var hashes in uncorrelated.Chunk(InListChunk))
        {
            await AddAsync(db.Bookmarks.AsNoTracking().Where(b => b.Hash != null && hashes.Contains(b.Hash)), _ => true);
        }

        var correlatedHashes = correlated.Select(k => k.Hash).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var hashes in correlatedHashes.Chunk(InListChunk))
        {
            foreach (var ids in correlated.Where(k => hashes.Contains(k.Hash)).Select(k => k.CorrelationId!).Distinct(StringComparer.Ordinal).Chunk(InListChunk))
            {
                await AddAsync(
                    db.Bookmarks.AsNoTracking().Where(b => b.Hash != null && hashes.Contains(b.Hash) && (b.CorrelationId == null || ids.Contains(b.CorrelationId))),
                    b => b.CorrelationId is null || correlated.Contains(new BookmarkKey(b.Hash!, b.CorrelationId)));
            }
        }

        return found.Values.ToList();

        async Task AddAsync(IQueryable<BookmarkRecord> query, Func<BookmarkRecord, bool> matches)
        {
            if (found.Count >= limit)
            {
                return;
            }

            foreach (var bookmark in await query.Take(limit).ToListAsync(cancellationToken))
            {
                if (found.Count < limit && matches(bookmark))
                {
                    found.TryAdd(bookmark.Id, bookmark);
                }
            }
        }
    }

    public async Task<IReadOnlyList<BookmarkRecord>> ClaimDueBookmarksAsync(DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = UtcDateTimeConverter.ToUtc(nowUtc);
        var until = UtcDateTimeConverter.ToUtc(claimUntilUtc);
        if (until <= now)
        {
            throw new ArgumentException($"The claim must end after now ({now:O}), not at {until:O}.", nameof(claimUntilUtc));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await selection.Claimer.ClaimAsync(db, now, until, limit, cancellationToken);
        claimed.Sort((a, b) => Nullable.Compare(a.DueAt, b.DueAt));
        return claimed;
    }

    public async Task<DateTime?> GetNextDueAtAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var nextUnclaimed = await db.Bookmarks
            .Where(b => b.DueAt != null && b.ClaimedUntil == null)
            .MinAsync(b => b.DueAt, cancellationToken);
        // A claim whose node died expires; the bookmark is due again then.
        var nextClaimExpiry = await db.Bookmarks
            .Where(b => b.DueAt != null && b.ClaimedUntil != null)
            .MinAsync(b => b.ClaimedUntil, cancellationToken);

        if (nextUnclaimed is null)
        {
            return nextClaimExpiry;
        }

        return nextClaimExpiry is null || nextUnclaimed <= nextClaimExpiry ? nextUnclaimed : nextClaimExpiry;
    }

    public async Task<IReadOnlyList<WorkflowInstanceRecord>> LoadInstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = new List<WorkflowInstanceRecord>(ids.Count);
        foreach (var chunk in Chunks.Of(ids))
        {
            result.AddRange(await db.Instances.AsNoTracking().Where(i => chunk.Contains(i.Id)).ToListAsync(cancellationToken));
        }

        return result;
    }

    public async Task<IReadOnlyList<BookmarkRecord>> LoadBookmarksAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = new List<BookmarkRecord>(ids.Count);
        foreach (var chunk in Chunks.Of(ids))
        {
            result.AddRange(await db.Bookmarks.AsNoTracking().Where(b => chunk.Contains(b.Id)).ToListAsync(cancellationToken));
        }

        return result;
    }

    public async Task<IReadOnlyList<JourneyEntryRecord>> LoadJourneyEntriesAsync(IReadOnlyCollection<JourneyEntryKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = new List<JourneyEntryRecord>(keys.Count);
        foreach (var byDefinition in keys.GroupBy(k => k.DefinitionId, StringComparer.Ordinal))
        {
            foreach (var chunk in byDefinition.Select(k => k.CorrelationId).Distinct(StringComparer.Ordinal).Chunk(InListChunk))
            {
                result.AddRange(await db.JourneyEntries.AsNoTracking()
                    .Where(e => e.DefinitionId == byDefinition.Key && chunk.Contains(e.CorrelationId))
                    .ToListAsync(cancellationToken));
            }
        }

        return result;
    }

    public async Task<bool> HasActiveInstanceAsync(string definitionId, string correlationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AnyAsync(
            i => i.CorrelationId == correlationId && i.DefinitionId == definitionId &&
                 (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Suspended || i.Status == InstanceStatus.Faulted),
            cancellationToken);
    }

    public Task CommitAsync(WorkflowCommit commit, CancellationToken cancellationToken) =>
        new WorkflowCommitWriter(contexts, selection.Provider).WriteAsync(commit, cancellationToken);
}
