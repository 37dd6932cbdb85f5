using System.Data.Common;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>The SQL of broadcast runs: the claim of a firing, the lease of a worker, the member pages and the cursor.</summary>
public static class BroadcastStore
{
    public const string Table = "BroadcastRuns";

    private static readonly string[] Columns =
        ["Id", "DefinitionId", "ActivityId", "TriggerId", "SegmentId", "ScheduledFor", "StartedAt", "Status", "Dispatched", "Started"];

    private static readonly string[] Key = ["DefinitionId", "ActivityId", "ScheduledFor"];

    private const string SelectColumns =
        "\"Id\", \"DefinitionId\", \"ActivityId\", \"TriggerId\", \"SegmentId\", \"ScheduledFor\", \"StartedAt\", \"CompletedAt\", \"Status\", \"Cursor\", \"Dispatched\", \"Started\", \"LeaseId\", \"LeasedUntil\", \"Error\"";

    /// <summary>Inserts the run unless its (definition, activity, scheduled time) is taken. Returns the id of the run now stored and whether it is new.</summary>
    public static async Task<(Guid Id, bool Created)> CreateAsync(AudienceSqlSession session, BroadcastRunRecord run, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        IReadOnlyList<string> row =
        [
            p.Add(run.Id), p.Add(run.DefinitionId), p.Add(run.ActivityId), p.Add(run.TriggerId), p.Add(run.SegmentId),
            p.Add(run.ScheduledFor), p.Add(run.StartedAt), p.Add(nameof(BroadcastRunStatus.Running)), p.Add(0), p.Add(0),
        ];
        var inserted = await session.ReadGuidsAsync(new SqlStatement(d.InsertIgnoringDuplicates(Table, Columns, Key, [row], ["Id"]), p), cancellationToken);
        if (inserted.Count == 1)
        {
            return (inserted[0], true);
        }

        var q = new SqlParameters();
        var existing = await session.ReadGuidsAsync(new SqlStatement(
            $"SELECT {d.Quote("Id")} FROM {d.Quote(Table)} WHERE {d.Quote("DefinitionId")} = {q.Add(run.DefinitionId)} AND {d.Quote("ActivityId")} = {q.Add(run.ActivityId)} AND {d.Quote("ScheduledFor")} = {q.Add(run.ScheduledFor)}", q),
            cancellationToken);
        return (existing.Single(), false);
    }

    /// <summary>Takes the lease of one running run nobody holds (never leased, or its holder's lease ran out). Null when there is none.</summary>
    public static async Task<BroadcastRunRecord?> ClaimAsync(AudienceSqlSession session, Guid? runId, Guid leaseId, DateTime nowUtc, DateTime leasedUntilUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var free = $"{d.Quote("Status")} = {p.Add(nameof(BroadcastRunStatus.Running))} AND ({d.Quote("LeasedUntil")} IS NULL OR {d.Quote("LeasedUntil")} < {p.Add(nowUtc)})";
        var candidates = await session.ReadGuidsAsync(new SqlStatement(
            $"SELECT {d.Quote("Id")} FROM {d.Quote(Table)} WHERE {free}" + (runId is null ? "" : $" AND {d.Quote("Id")} = {p.Add(runId.Value)}") + $" {d.Page(d.Quote("StartedAt"), "0", "5")}", p),
            cancellationToken);
        foreach (var candidate in candidates)
        {
            var u = new SqlParameters();
            var sql = $"UPDATE {d.Quote(Table)} SET {d.Quote("LeaseId")} = {u.Add(leaseId)}, {d.Quote("LeasedUntil")} = {u.Add(leasedUntilUtc)} " +
                      $"WHERE {d.Quote("Id")} = {u.Add(candidate)} AND {d.Quote("Status")} = {u.Add(nameof(BroadcastRunStatus.Running))} " +
                      $"AND ({d.Quote("LeasedUntil")} IS NULL OR {d.Quote("LeasedUntil")} < {u.Add(nowUtc)})";
            if (await session.ExecuteAsync(new SqlStatement(sql, u), cancellationToken) == 1)
            {
                return await FindAsync(session, candidate, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// The next contacts after <paramref name="cursor"/> in contact-id order: members of the segment, or every contact.
    /// The database's own order of ids is used on both sides of the comparison, so paging is stable on every provider.
    /// </summary>
    public static async Task<List<Guid>> NextPageAsync(AudienceSqlSession session, string? segmentId, Guid? cursor, int size, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var column = segmentId is null ? d.Quote("Id") : d.Quote("ContactId");
        var where = new List<string>();
        if (segmentId is not null)
        {
            where.Add($"{d.Quote("SegmentId")} = {p.Add(segmentId)}");
        }

        if (cursor is not null)
        {
            where.Add($"{column} > {p.Add(cursor.Value)}");
        }

        var table = segmentId is null ? AudienceTables.Contacts : AudienceTables.SegmentMemberships;
        var sql = $"SELECT {column} FROM {d.Quote(table)}" + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " " + d.Page(column, "0", p.Add(size));
        return await session.ReadGuidsAsync(new SqlStatement(sql, p), cancellationToken);
    }

    /// <summary>Moves the cursor past a page and renews the lease. False when the lease is no longer ours (another worker took the run over).</summary>
    public static async Task<bool> AdvanceAsync(AudienceSqlSession session, Guid runId, Guid leaseId, Guid cursor, int dispatched, int started, DateTime leasedUntilUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"UPDATE {d.Quote(Table)} SET {d.Quote("Cursor")} = {p.Add(cursor)}, {d.Quote("Dispatched")} = {d.Quote("Dispatched")} + {p.Add(dispatched)}, " +
                  $"{d.Quote("Started")} = {d.Quote("Started")} + {p.Add(started)}, {d.Quote("LeasedUntil")} = {p.Add(leasedUntilUtc)} " +
                  $"WHERE {d.Quote("Id")} = {p.Add(runId)} AND {d.Quote("LeaseId")} = {p.Add(leaseId)}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    public static async Task<bool> FinishAsync(AudienceSqlSession session, Guid runId, Guid leaseId, BroadcastRunStatus status, DateTime nowUtc, string? error, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"UPDATE {d.Quote(Table)} SET {d.Quote("Status")} = {p.Add(status.ToString())}, {d.Quote("CompletedAt")} = {p.Add(nowUtc)}, " +
                  $"{d.Quote("Error")} = {p.Add(error)}, {d.Quote("LeaseId")} = NULL, {d.Quote("LeasedUntil")} = NULL " +
                  $"WHERE {d.Quote("Id")} = {p.Add(runId)} AND {d.Quote("LeaseId")} = {p.Add(leaseId)}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    public static async Task<BroadcastRunRecord?> FindAsync(AudienceSqlSession session, Guid runId, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var rows = await session.ReadAsync(new SqlStatement($"SELECT {SelectList(session)} FROM {session.Dialect.Quote(Table)} WHERE {session.Dialect.Quote("Id")} = {p.Add(runId)}", p),
            reader => Read(session.Dialect, reader), cancellationToken);
        return rows.FirstOrDefault();
    }

    /// <summary>The runs of a definition (or of all), newest first.</summary>
    public static async Task<List<BroadcastRunRecord>> ListAsync(AudienceSqlSession session, string? definitionId, int limit, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var where = definitionId is null ? "" : $" WHERE {d.Quote("DefinitionId")} = {p.Add(definitionId)}";
        var sql = $"SELECT {SelectList(session)} FROM {d.Quote(Table)}{where} {d.Page(d.Quote("ScheduledFor") + " DESC", "0", p.Add(limit))}";
        return await session.ReadAsync(new SqlStatement(sql, p), reader => Read(d, reader), cancellationToken);
    }

    private static string SelectList(AudienceSqlSession session) =>
        session.Dialect.Provider == SqlProvider.SqlServer ? SelectColumns.Replace("\"", "", StringComparison.Ordinal).Replace(", ", "], [", StringComparison.Ordinal).Insert(0, "[") + "]" : SelectColumns;

    private static BroadcastRunRecord Read(SqlDialect d, DbDataReader reader) => new()
    {
        Id = d.ReadGuid(reader, 0),
        DefinitionId = reader.GetString(1),
        ActivityId = reader.GetString(2),
        TriggerId = reader.IsDBNull(3) ? null : d.ReadGuid(reader, 3),
        SegmentId = reader.IsDBNull(4) ? null : reader.GetString(4),
        ScheduledFor = d.ReadDateTime(reader, 5),
        StartedAt = d.ReadDateTime(reader, 6),
        CompletedAt = reader.IsDBNull(7) ? null : d.ReadDateTime(reader, 7),
        Status = Enum.Parse<BroadcastRunStatus>(reader.GetString(8)),
        Cursor = reader.IsDBNull(9) ? null : d.ReadGuid(reader, 9),
        Dispatched = Convert.ToInt32(reader.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
        Started = Convert.ToInt32(reader.GetValue(11), System.Globalization.CultureInfo.InvariantCulture),
        LeaseId = reader.IsDBNull(12) ? null : d.ReadGuid(reader, 12),
        LeasedUntil = reader.IsDBNull(13) ? null : d.ReadDateTime(reader, 13),
        Error = reader.IsDBNull(14) ? null : reader.GetString(14),
    };
}
