using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence;

/// <summary>
/// Claims with one conditional update per candidate, so the affected-row count says whether this call won it.
/// Works on every provider: a competing update of the same row waits for the winner and then no longer matches.
/// </summary>
internal sealed class PortableDueBookmarkClaimer : IDueBookmarkClaimer
{
    public static readonly PortableDueBookmarkClaimer Instance = new();

    public async Task<List<BookmarkRecord>> ClaimAsync(WorkflowDbContext db, DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var candidates = await db.Bookmarks
            .Where(b => b.DueAt != null && b.DueAt <= nowUtc && (b.ClaimedUntil == null || b.ClaimedUntil < nowUtc))
            .OrderBy(b => b.DueAt)
            .Take(limit)
            .ToListAsync(cancellationToken);

        var claimed = new List<BookmarkRecord>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var id = candidate.Id;
            var updated = await db.Bookmarks
                .Where(b => b.Id == id && (b.ClaimedUntil == null || b.ClaimedUntil < nowUtc))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, claimUntilUtc), cancellationToken);
            if (updated == 1)
            {
                candidate.ClaimedUntil = claimUntilUtc;
                claimed.Add(candidate);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }
}
