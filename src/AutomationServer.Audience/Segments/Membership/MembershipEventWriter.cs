using System.Text;
using System.Text.Json;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>Records entered / left as ContactEvents rows (segment_entered / segment_left with {"segmentId": …}).</summary>
internal static class MembershipEventWriter
{
    // Six parameters a row: 150 rows stay under SQL Server's 2,100-parameter limit.
    private const int RowsPerStatement = 150;

    public static async Task WriteAsync(AudienceSqlSession session, IReadOnlyList<SegmentChange> changes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var columns = string.Join(", ", new[] { "Id", "ContactId", "Name", "OccurredAt", "ReceivedAt", "Properties" }.Select(d.Quote));
        foreach (var batch in changes.Chunk(RowsPerStatement))
        {
            var p = new SqlParameters();
            var sql = new StringBuilder($"INSERT INTO {d.Quote(AudienceTables.ContactEvents)} ({columns}) VALUES ");
            for (var i = 0; i < batch.Length; i++)
            {
                var change = batch[i];
                var properties = JsonSerializer.Serialize(new Dictionary<string, string> { ["segmentId"] = change.SegmentId });
                sql.Append(i == 0 ? "" : ", ")
                    .Append($"({p.Add(Guid.CreateVersion7(nowUtc))}, {p.Add(change.ContactId)}, {p.Add(change.EventName)}, {p.Add(nowUtc)}, {p.Add(nowUtc)}, {p.Add(properties)})");
            }

            await session.ExecuteAsync(new SqlStatement(sql.ToString(), p), cancellationToken);
        }
    }
}
