using System.Globalization;
using System.Text;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Scoring;

/// <summary>Points awarded to one contact by one rule (or by decay).</summary>
public sealed record PointsAward(Guid ContactId, int Delta, string? RuleId, string Reason);

/// <summary>
/// Writes score and stage changes inside the caller's transaction: each UPDATE hands back the new score, so the
/// recorded "from" and "to" are exact even when another writer moved the score a moment before; ledger rows and
/// score_changed / stage_changed events go in with them.
/// </summary>
internal static class ContactScoreWriter
{
    private const int IdsPerStatement = 500;

    // Six parameters a row: 150 rows stay under SQL Server's 2,100-parameter limit.
    private const int RowsPerInsert = 150;

    /// <summary>Adds each award's points; awards of one rule and amount share a statement.</summary>
    public static async Task<List<ScoreChange>> AddPointsAsync(AudienceSqlSession session, IReadOnlyList<PointsAward> awards, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var changes = new List<ScoreChange>();
        var d = session.Dialect;
        foreach (var group in awards.Where(a => a.Delta != 0).GroupBy(a => (a.RuleId, a.Reason, a.Delta)))
        {
            foreach (var chunk in group.Select(a => a.ContactId).Distinct().Chunk(IdsPerStatement))
            {
                var p = new SqlParameters();
                var score = d.Quote("Score");
                var set = $"{score} = {score} + {p.Add(group.Key.Delta)}, {d.Quote("UpdatedAt")} = {p.Add(nowUtc)}, {d.Quote("Revision")} = {d.Quote("Revision")} + 1";
                var where = $"{d.Quote("Id")} IN ({string.Join(", ", chunk.Select(id => p.Add(id)))})";
                var rows = await session.ReadAsync(new SqlStatement(UpdateReturning(d, set, where), p),
                    r => (Id: d.ReadGuid(r, 0), Score: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken);
                changes.AddRange(rows.Select(row => new ScoreChange(row.Id, row.Score - group.Key.Delta, row.Score, group.Key.RuleId, group.Key.Reason)));
            }
        }

        return changes;
    }

    /// <summary>Sets the score to <paramref name="to"/> if it still is <paramref name="from"/>; false when it moved meanwhile.</summary>
    public static async Task<bool> SetScoreAsync(AudienceSqlSession session, Guid contactId, int from, int to, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"UPDATE {d.Quote(AudienceTables.Contacts)} SET {d.Quote("Score")} = {p.Add(to)}, {d.Quote("UpdatedAt")} = {p.Add(nowUtc)}, " +
            $"{d.Quote("Revision")} = {d.Quote("Revision")} + 1 WHERE {d.Quote("Id")} = {p.Add(contactId)} AND {d.Quote("Score")} = {p.Add(from)}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    /// <summary>Moves the contact to <paramref name="to"/> if its stage still is <paramref name="from"/>; false when it moved meanwhile.</summary>
    public static async Task<bool> SetStageAsync(AudienceSqlSession session, Guid contactId, string? from, string to, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var stage = d.Quote("LifecycleStage");
        var guard = from is null ? $"{stage} IS NULL" : $"{stage} = {p.Add(from)}";
        var sql = $"UPDATE {d.Quote(AudienceTables.Contacts)} SET {stage} = {p.Add(to)}, {d.Quote("UpdatedAt")} = {p.Add(nowUtc)}, " +
            $"{d.Quote("Revision")} = {d.Quote("Revision")} + 1 WHERE {d.Quote("Id")} = {p.Add(contactId)} AND {guard}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    /// <summary>Ledger rows; <paramref name="awards"/> carries the event id for event rules.</summary>
    public static async Task WriteLedgerAsync(AudienceSqlSession session, IReadOnlyList<(PointsAward Award, Guid? EventId)> awards, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var columns = string.Join(", ", new[] { "Id", "ContactId", "RuleId", "EventId", "Points", "AwardedAt" }.Select(d.Quote));
        foreach (var batch in awards.Chunk(RowsPerInsert))
        {
            var p = new SqlParameters();
            var sql = new StringBuilder($"INSERT INTO {d.Quote(ScoringTables.ScoreAwards)} ({columns}) VALUES ");
            for (var i = 0; i < batch.Length; i++)
            {
                var (award, eventId) = batch[i];
                sql.Append(i == 0 ? "" : ", ")
                    .Append($"({p.Add(Guid.CreateVersion7(nowUtc))}, {p.Add(award.ContactId)}, {p.Add(award.RuleId)}, {p.Add(eventId)}, {p.Add(award.Delta)}, {p.Add(nowUtc)})");
            }

            await session.ExecuteAsync(new SqlStatement(sql.ToString(), p), cancellationToken);
        }
    }

    /// <summary>The changes as score_changed / stage_changed rows of ContactEvents.</summary>
    public static async Task WriteEventsAsync(AudienceSqlSession session, ScoringOutcome outcome, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var rows = outcome.Scores.Select(s => (s.ContactId, Name: ScoreChange.EventName, s.PropertiesJson))
            .Concat(outcome.Stages.Select(s => (s.ContactId, Name: StageChange.EventName, s.PropertiesJson)))
            .ToList();
        var d = session.Dialect;
        var columns = string.Join(", ", new[] { "Id", "ContactId", "Name", "OccurredAt", "ReceivedAt", "Properties" }.Select(d.Quote));
        foreach (var batch in rows.Chunk(RowsPerInsert))
        {
            var p = new SqlParameters();
            var sql = new StringBuilder($"INSERT INTO {d.Quote(AudienceTables.ContactEvents)} ({columns}) VALUES ");
            for (var i = 0; i < batch.Length; i++)
            {
                var (contactId, name, properties) = batch[i];
                sql.Append(i == 0 ? "" : ", ")
                    .Append($"({p.Add(Guid.CreateVersion7(nowUtc))}, {p.Add(contactId)}, {p.Add(name)}, {p.Add(nowUtc)}, {p.Add(nowUtc)}, {p.Add(properties)})");
            }

            await session.ExecuteAsync(new SqlStatement(sql.ToString(), p), cancellationToken);
        }
    }

    /// <summary>How many awards each contact had of the rule within the limit's window (or ever).</summary>
    public static async Task<Dictionary<Guid, int>> AwardCountsAsync(AudienceSqlSession session, string ruleId, PointsLimit limit, IReadOnlyCollection<Guid> contactIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var counts = new Dictionary<Guid, int>();
        foreach (var chunk in contactIds.Chunk(IdsPerStatement))
        {
            var p = new SqlParameters();
            var since = limit.Per is { } per ? $" AND {d.Quote("AwardedAt")} > {p.Add(nowUtc - per.Span)}" : "";
            var sql = $"SELECT {d.Quote("ContactId")}, COUNT(*) FROM {d.Quote(ScoringTables.ScoreAwards)} WHERE {d.Quote("RuleId")} = {p.Add(ruleId)} " +
                $"AND {d.Quote("ContactId")} IN ({string.Join(", ", chunk.Select(id => p.Add(id)))}){since} GROUP BY {d.Quote("ContactId")}";
            foreach (var (id, count) in await session.ReadAsync(new SqlStatement(sql, p), r => (d.ReadGuid(r, 0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken))
            {
                counts[id] = count;
            }
        }

        return counts;
    }

    private static string UpdateReturning(SqlDialect d, string set, string where) => d.Provider == SqlProvider.SqlServer
        ? $"UPDATE {d.Quote(AudienceTables.Contacts)} SET {set} OUTPUT inserted.{d.Quote("Id")}, inserted.{d.Quote("Score")} WHERE {where}"
        : $"UPDATE {d.Quote(AudienceTables.Contacts)} SET {set} WHERE {where} RETURNING {d.Quote("Id")}, {d.Quote("Score")}";
}
