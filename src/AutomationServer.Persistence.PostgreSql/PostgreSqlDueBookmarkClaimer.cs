using AutomationServer.Persistence.Model;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.PostgreSql;

/// <summary>
/// Locks the earliest due bookmarks with FOR UPDATE SKIP LOCKED and claims them in the same statement: concurrent
/// callers skip each other's rows instead of waiting, and a row claimed meanwhile fails the re-checked condition.
/// </summary>
internal sealed class PostgreSqlDueBookmarkClaimer : IDueBookmarkClaimer
{
    private const string Sql =
        "WITH due AS (SELECT \"Id\" FROM \"" + WorkflowTables.Bookmarks + "\" " +
        "WHERE \"DueAt\" <= {0} AND (\"ClaimedUntil\" IS NULL OR \"ClaimedUntil\" < {0}) " +
        "ORDER BY \"DueAt\" LIMIT {2} FOR UPDATE SKIP LOCKED) " +
        "UPDATE \"" + WorkflowTables.Bookmarks + "\" AS b SET \"ClaimedUntil\" = {1} FROM due WHERE b.\"Id\" = due.\"Id\" " +
        "RETURNING b.*";

    public Task<List<BookmarkRecord>> ClaimAsync(WorkflowDbContext db, DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken) =>
        db.Bookmarks.FromSqlRaw(Sql, nowUtc, claimUntilUtc, limit).AsNoTracking().ToListAsync(cancellationToken);
}
