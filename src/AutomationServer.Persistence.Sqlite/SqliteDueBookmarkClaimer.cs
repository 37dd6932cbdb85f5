using AutomationServer.Persistence.Model;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Sqlite;

/// <summary>
/// One UPDATE … RETURNING statement: SQLite takes the write lock before the statement reads, so two callers
/// run one after the other and the second no longer sees the first one's bookmarks as claimable.
/// </summary>
internal sealed class SqliteDueBookmarkClaimer : IDueBookmarkClaimer
{
    private const string Sql =
        "UPDATE \"" + WorkflowTables.Bookmarks + "\" SET \"ClaimedUntil\" = {1} " +
        "WHERE \"Id\" IN (SELECT \"Id\" FROM \"" + WorkflowTables.Bookmarks + "\" " +
        "WHERE \"DueAt\" IS NOT NULL AND \"DueAt\" <= {0} AND (\"ClaimedUntil\" IS NULL OR \"ClaimedUntil\" < {0}) " +
        "ORDER BY \"DueAt\" LIMIT {2}) " +
        "RETURNING *";

    public Task<List<BookmarkRecord>> ClaimAsync(WorkflowDbContext db, DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken) =>
        db.Bookmarks.FromSqlRaw(Sql, nowUtc, claimUntilUtc, limit).AsNoTracking().ToListAsync(cancellationToken);
}
