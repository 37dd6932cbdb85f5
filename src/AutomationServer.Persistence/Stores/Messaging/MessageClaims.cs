using AutomationServer.Persistence.Model;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging;

/// <summary>
/// The claim of due messages, in the provider's own single statement where it has one. A row is claimable when it is
/// Queued or Deferred and due, or Sending with an expired lease (the dispatcher that held it died mid-batch).
/// </summary>
internal static class MessageClaims
{
    private const string Claimable =
        "((\"State\" IN ('Queued', 'Deferred') AND \"DueAt\" <= {0}) OR (\"State\" = 'Sending' AND \"LeasedUntil\" < {0}))";

    // SQLite takes the write lock before the statement reads, so two claims run one after the other and the second
    // no longer sees the first one's rows as claimable.
    private const string SqliteSql =
        "UPDATE \"" + MessageConfiguration.Table + "\" SET \"State\" = 'Sending', \"LeaseId\" = {1}, \"LeasedUntil\" = {2}, \"UpdatedAt\" = {0} " +
        "WHERE \"Id\" IN (SELECT \"Id\" FROM \"" + MessageConfiguration.Table + "\" WHERE " + Claimable + " ORDER BY \"DueAt\" LIMIT {3}) " +
        "RETURNING *";

    // SKIP LOCKED: concurrent claims take different rows instead of waiting for each other; the locked rows are
    // re-checked against the condition, so a row claimed meanwhile is not taken twice.
    private const string PostgreSql =
        "WITH due AS (SELECT \"Id\" FROM \"" + MessageConfiguration.Table + "\" WHERE " + Claimable + " " +
        "ORDER BY \"DueAt\" LIMIT {3} FOR UPDATE SKIP LOCKED) " +
        "UPDATE \"" + MessageConfiguration.Table + "\" AS m SET \"State\" = 'Sending', \"LeaseId\" = {1}, \"LeasedUntil\" = {2}, \"UpdatedAt\" = {0} " +
        "FROM due WHERE m.\"Id\" = due.\"Id\" RETURNING m.*";

    public static async Task<List<MessageRecord>> ClaimAsync(
        WorkflowDbContext db, DateTime nowUtc, DateTime leasedUntilUtc, Guid leaseId, int limit, CancellationToken cancellationToken)
    {
        var provider = db.Database.ProviderName ?? "";
        if (provider.EndsWith(".Sqlite", StringComparison.Ordinal))
        {
            // The SQLite model stores Guids as 16 big-endian bytes (SqliteWorkflowModelCustomizer); a raw parameter must match.
            return await db.Messages.FromSqlRaw(SqliteSql, nowUtc, leaseId.ToByteArray(bigEndian: true), leasedUntilUtc, limit)
                .AsNoTracking().ToListAsync(cancellationToken);
        }

        if (provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return await db.Messages.FromSqlRaw(PostgreSql, nowUtc, leaseId, leasedUntilUtc, limit).AsNoTracking().ToListAsync(cancellationToken);
        }

        return await ClaimPortablyAsync(db, nowUtc, leasedUntilUtc, leaseId, limit, cancellationToken);
    }

    /// <summary>One conditional update per candidate: the affected-row count says whether this call won the row.</summary>
    private static async Task<List<MessageRecord>> ClaimPortablyAsync(
        WorkflowDbContext db, DateTime nowUtc, DateTime leasedUntilUtc, Guid leaseId, int limit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var candidates = await db.Messages.Where(IsClaimable(nowUtc)).OrderBy(m => m.DueAt).Take(limit).ToListAsync(cancellationToken);
        var claimed = new List<MessageRecord>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var id = candidate.Id;
            var updated = await db.Messages.Where(m => m.Id == id).Where(IsClaimable(nowUtc)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, MessageState.Sending)
                .SetProperty(m => m.LeaseId, leaseId)
                .SetProperty(m => m.LeasedUntil, leasedUntilUtc)
                .SetProperty(m => m.UpdatedAt, nowUtc), cancellationToken);
            if (updated == 1)
            {
                candidate.State = MessageState.Sending;
                candidate.LeaseId = leaseId;
                candidate.LeasedUntil = leasedUntilUtc;
                candidate.UpdatedAt = nowUtc;
                claimed.Add(candidate);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private static System.Linq.Expressions.Expression<Func<MessageRecord, bool>> IsClaimable(DateTime nowUtc) =>
        m => ((m.State == MessageState.Queued || m.State == MessageState.Deferred) && m.DueAt <= nowUtc)
             || (m.State == MessageState.Sending && m.LeasedUntil < nowUtc);
}
