using System.Text;
using System.Text.Json;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>Records entered / left as ContactEvents rows (segment_entered / segment_left with {"segmentId": …}).</summary>
internal static class MembershipEventWriter
{
    // Four values a row: 500 rows stay under SQL Server's 2,100-parameter limit (SQLite allows 32,766).
    private const int RowsPerStatement = 500;

    // PostgreSQL takes each column as one array parameter; a chunk bounds the size of one message.
    private const int RowsPerArrayStatement = 50_000;

    public static async Task WriteAsync(AudienceSqlSession session, IReadOnlyList<SegmentChange> changes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var columns = string.Join(", ", new[] { "Id", "ContactId", "Name", "OccurredAt", "ReceivedAt", "Properties" }.Select(d.Quote));
        var table = d.Quote(AudienceTables.ContactEvents);
        if (d.Provider == SqlProvider.PostgreSql)
        {
            // A 100,000-member segment becomes two statements instead of hundreds of multi-row VALUES lists.
            foreach (var batch in changes.Chunk(RowsPerArrayStatement))
            {
                var p = new SqlParameters();
                var sql = $"INSERT INTO {table} ({columns}) SELECT u.id, u.contact, u.name, {p.Add(nowUtc)}, {p.Add(nowUtc)}, u.properties " +
                    $"FROM unnest({p.Add(batch.Select(_ => Guid.CreateVersion7(nowUtc)).ToArray())}, {p.Add(batch.Select(c => c.ContactId).ToArray())}, " +
                    $"{p.Add(batch.Select(c => c.EventName).ToArray())}, {p.Add(batch.Select(Properties).ToArray())}) AS u(id, contact, name, properties)";
                await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken);
            }

            return;
        }

        foreach (var batch in changes.Chunk(RowsPerStatement))
        {
            var p = new SqlParameters();
            var now = p.Add(nowUtc);
            var sql = new StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
            for (var i = 0; i < batch.Length; i++)
            {
                var change = batch[i];
                sql.Append(i == 0 ? "" : ", ")
                    .Append($"({p.Add(Guid.CreateVersion7(nowUtc))}, {p.Add(change.ContactId)}, {p.Add(change.EventName)}, {now}, {now}, {p.Add(Properties(change))})");
            }

            await session.ExecuteAsync(new SqlStatement(sql.ToString(), p), cancellationToken);
        }
    }

    private static string Properties(SegmentChange change) => JsonSerializer.Serialize(new Dictionary<string, string> { ["segmentId"] = change.SegmentId });
}
