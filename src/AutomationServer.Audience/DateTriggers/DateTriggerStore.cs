using System.Globalization;
using System.Text;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>A contact whose date attribute is due: its value and the occurrence instant.</summary>
public sealed record DateHit(Guid ContactId, DateTime AttributeValue, DateTime OccurrenceUtc);

/// <summary>The SQL of the date trigger scan: the candidates of one occurrence group, the firing claims and the scan marks.</summary>
internal static class DateTriggerStore
{
    // Four parameters a claimed row: 200 rows stay well under SQL Server's 2,100-parameter limit.
    public const int ClaimBatchSize = 200;

    private static readonly string[] FiringColumns = ["KeyHash", "ContactId", "Occurrence", "ClaimedAt"];
    private static readonly string[] FiringKey = ["KeyHash", "ContactId", "Occurrence"];

    public static async Task<IReadOnlyList<string?>> DistinctTimeZonesAsync(AudienceSqlSession session, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        return await session.ReadAsync(
            new SqlStatement($"SELECT DISTINCT {d.Quote("TimeZone")} FROM {d.Quote(AudienceTables.Contacts)}", new SqlParameters()),
            reader => reader.IsDBNull(0) ? null : reader.GetString(0),
            cancellationToken);
    }

    /// <summary>The attribute's declared type, or null when no such attribute is defined.</summary>
    public static async Task<string?> AttributeTypeAsync(AudienceSqlSession session, string name, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"SELECT {d.Quote("Type")} FROM {d.Quote(AudienceTables.ContactAttributeDefinitions)} WHERE {d.Quote("Name")} = {p.Add(name)}";
        return await session.ScalarAsync(new SqlStatement(sql, p), cancellationToken) as string;
    }

    public static async Task<Dictionary<string, DateTime>> LoadMarksAsync(AudienceSqlSession session, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var rows = await session.ReadAsync(
            new SqlStatement($"SELECT {d.Quote("KeyHash")}, {d.Quote("ScannedUntil")} FROM {d.Quote(AudienceTables.DateTriggerScans)}", new SqlParameters()),
            reader => (Hash: reader.GetString(0), Until: d.ReadDateTime(reader, 1)),
            cancellationToken);
        return rows.ToDictionary(r => r.Hash, r => r.Until, StringComparer.Ordinal);
    }

    /// <summary>
    /// The contacts of one occurrence group: the attribute's date (for a datetime, its calendar date at the zone's UTC
    /// offset) matches, and the contact's stored time zone is one of the group's. Seeks the (Name, DateValue) index
    /// for a one-off date; a yearly one compares month and day over the attribute's rows.
    /// </summary>
    public static async Task<List<DateHit>> FindHitsAsync(AudienceSqlSession session, DateTriggerKey key, bool isDateTime, DateOccurrenceGroup group, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var value = "a." + d.Quote("DateValue");

        // A date attribute holds midnight UTC of its calendar date, so it is read unshifted.
        var shift = isDateTime ? group.UtcOffsetMinutes : 0;
        var dayStart = group.AttributeDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMinutes(-shift);

        string dateMatch;
        if (key.IsYearly)
        {
            var monthDays = new List<int> { (group.AttributeDate.Month * 100) + group.AttributeDate.Day };
            if (group.AttributeDate is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(group.AttributeDate.Year))
            {
                monthDays.Add(229);
            }

            // Anniversaries only: the date's own year is not one (a contract signed today has no anniversary today).
            var yearStart = new DateTime(group.AttributeDate.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(-shift);
            dateMatch = $"{d.MonthDay(value, shift)} IN ({string.Join(", ", monthDays.Select(m => m.ToString(CultureInfo.InvariantCulture)))}) AND {value} < {p.Add(yearStart)}";
        }
        else
        {
            dateMatch = $"{value} >= {p.Add(dayStart)} AND {value} < {p.Add(dayStart.AddDays(1))}";
        }

        var zoneColumn = "c." + d.Quote("TimeZone");
        var named = group.Zones.Where(z => z is not null).ToList();
        var zoneMatch = new List<string>();
        if (named.Count > 0)
        {
            zoneMatch.Add($"{zoneColumn} IN ({string.Join(", ", named.Select(z => p.Add(z)))})");
        }

        if (group.Zones.Contains(null))
        {
            zoneMatch.Add($"{zoneColumn} IS NULL");
        }

        var sql = $"SELECT a.{d.Quote("ContactId")}, {value} FROM {d.Quote(AudienceTables.ContactAttributes)} a " +
                  $"JOIN {d.Quote(AudienceTables.Contacts)} c ON c.{d.Quote("Id")} = a.{d.Quote("ContactId")} " +
                  $"WHERE a.{d.Quote("Name")} = {p.Add(key.Attribute)} AND {value} IS NOT NULL AND ({dateMatch}) AND ({string.Join(" OR ", zoneMatch)})";
        return await session.ReadAsync(new SqlStatement(sql, p), reader => new DateHit(d.ReadGuid(reader, 0), d.ReadDateTime(reader, 1), group.OccurrenceUtc), cancellationToken);
    }

    /// <summary>Claims the firings no scan has claimed yet (by this node or another) and returns the hits now ours.</summary>
    public static async Task<List<DateHit>> ClaimAsync(AudienceSqlSession session, string keyHash, IReadOnlyList<DateHit> hits, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var rows = hits.Select(h => (IReadOnlyList<string>)[p.Add(keyHash), p.Add(h.ContactId), p.Add(h.OccurrenceUtc), p.Add(nowUtc)]).ToList();
        var sql = d.InsertIgnoringDuplicates(AudienceTables.DateTriggerFirings, FiringColumns, FiringKey, rows, ["ContactId", "Occurrence"]);
        var claimed = (await session.ReadAsync(new SqlStatement(sql, p), reader => (d.ReadGuid(reader, 0), d.ReadDateTime(reader, 1)), cancellationToken)).ToHashSet();
        return hits.Where(h => claimed.Contains((h.ContactId, h.OccurrenceUtc))).ToList();
    }

    /// <summary>Gives claims back, for a batch the engine did not accept, so the next scan fires them.</summary>
    public static async Task ReleaseAsync(AudienceSqlSession session, string keyHash, IReadOnlyList<DateHit> hits, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = new StringBuilder($"DELETE FROM {d.Quote(AudienceTables.DateTriggerFirings)} WHERE {d.Quote("KeyHash")} = {p.Add(keyHash)} AND (");
        sql.AppendJoin(" OR ", hits.Select(h => $"({d.Quote("ContactId")} = {p.Add(h.ContactId)} AND {d.Quote("Occurrence")} = {p.Add(h.OccurrenceUtc)})"));
        sql.Append(')');
        await session.ExecuteAsync(new SqlStatement(sql.ToString(), p), cancellationToken);
    }

    public static async Task MarkScannedAsync(AudienceSqlSession session, string keyHash, string keyJson, DateTime untilUtc, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = session.Dialect.UpsertRaising(AudienceTables.DateTriggerScans, "KeyHash", "ScannedUntil",
            [("KeyHash", p.Add(keyHash)), ("ScannedUntil", p.Add(untilUtc)), ("Key", p.Add(keyJson))]);
        await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken);
    }

    /// <summary>
    /// Forgets the marks of keys no journey uses any more (a journey retracted and published again later starts from
    /// its new publish, not from where it stopped) and firings too old for any scan window to reach again.
    /// </summary>
    public static async Task CleanUpAsync(AudienceSqlSession session, IReadOnlyCollection<string> liveHashes, DateTime firingsBeforeUtc, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var marks = $"DELETE FROM {d.Quote(AudienceTables.DateTriggerScans)}" +
                    (liveHashes.Count == 0 ? "" : $" WHERE {d.Quote("KeyHash")} NOT IN ({string.Join(", ", liveHashes.Select(h => p.Add(h)))})");
        await session.ExecuteAsync(new SqlStatement(marks, p), cancellationToken);

        var old = new SqlParameters();
        var firings = $"DELETE FROM {d.Quote(AudienceTables.DateTriggerFirings)} WHERE {d.Quote("Occurrence")} < {old.Add(firingsBeforeUtc)}";
        await session.ExecuteAsync(new SqlStatement(firings, old), cancellationToken);
    }

    public static bool IsDateType(string? type) => type is AttributeTypes.Date or AttributeTypes.DateTime;
}
