using System.Data.Common;
using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfContactEventStore(IDbContextFactory<WorkflowDbContext> contexts, PersistenceSelection selection) : IContactEventStore
{
    public async Task<IReadOnlyList<ContactEventRecord>> AppendAsync(IReadOnlyList<ContactEventRecord> events, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAppendAsync(events, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException)
        {
            // Another request stored one of these idempotency keys between our check and our insert; checking again
            // skips it. A second failure is a real error.
            return await TryAppendAsync(events, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<ContactEventRecord>> TryAppendAsync(IReadOnlyList<ContactEventRecord> events, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = events.Where(e => e.IdempotencyKey is not null).Select(e => e.IdempotencyKey!).Distinct(StringComparer.Ordinal).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(Chunks.Size))
        {
            seen.UnionWith(await db.ContactEvents.Where(e => chunk.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey!).ToListAsync(cancellationToken));
        }

        var fresh = new List<ContactEventRecord>(events.Count);
        foreach (var contactEvent in events)
        {
            if (contactEvent.IdempotencyKey is null || seen.Add(contactEvent.IdempotencyKey))
            {
                fresh.Add(contactEvent);
            }
        }

        if (fresh.Count == 0)
        {
            return fresh;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (selection.Provider.BulkWriter is { } bulk)
        {
            await bulk.InsertAsync(db, fresh, cancellationToken);
        }
        else
        {
            db.ContactEvents.AddRange(fresh);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    public async Task<IReadOnlyList<ContactEventRecord>> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.ContactEvents.Where(e => e.ContactId == query.ContactId);
        if (query.Name is { } name)
        {
            events = events.Where(e => e.Name == name);
        }

        return await events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
    }
}
