using System.Data.Common;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Segments;

public sealed record SegmentPage(IReadOnlyList<SegmentRecord> Items, int Total);

/// <summary>The Segments table and the attribute schema, in plain parameterised SQL over the shared connections.</summary>
public sealed class SegmentStore(IAudienceSqlConnections connections)
{
    private static readonly string[] Columns = ["Id", "Name", "Definition", "CreatedAt", "UpdatedAt", "LastReconciledAt", "MemberCount"];

    public async Task<IReadOnlyList<SegmentRecord>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        return await session.ReadAsync(Statement(session, $"SELECT {Cols(session)} FROM {T(session)}"), r => Map(session, r), cancellationToken);
    }

    public async Task<SegmentPage> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var page = session.Dialect.Page(session.Dialect.Quote("Id"), parameters.Add((long)skip), parameters.Add((long)take));
        var items = await session.ReadAsync(new SqlStatement($"SELECT {Cols(session)} FROM {T(session)} {page}", parameters), r => Map(session, r), cancellationToken);
        var total = Convert.ToInt32(await session.ScalarAsync(Statement(session, $"SELECT COUNT(*) FROM {T(session)}"), cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new SegmentPage(items, total);
    }

    public async Task<SegmentRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var parameters = new SqlParameters();
        var sql = $"SELECT {Cols(session)} FROM {T(session)} WHERE {session.Dialect.Quote("Id")} = {parameters.Add(id)}";
        return (await session.ReadAsync(new SqlStatement(sql, parameters), r => Map(session, r), cancellationToken)).FirstOrDefault();
    }

    /// <summary>False when a segment with this id exists already.</summary>
    public async Task<bool> InsertAsync(SegmentRecord segment, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        return await InsertAsync(session, segment, cancellationToken);
    }

    /// <summary>Inserts in the session's transaction (a segment is created together with its first members).</summary>
    internal static async Task<bool> InsertAsync(AudienceSqlSession session, SegmentRecord segment, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = $"INSERT INTO {T(session)} ({Cols(session)}) SELECT {p.Add(segment.Id)}, {p.Add(segment.Name)}, {p.Add(segment.Definition)}, {p.Add(segment.CreatedAt)}, " +
            $"{p.Add(segment.UpdatedAt)}, {p.Add(null)}, {p.Add(0L)} WHERE NOT EXISTS (SELECT 1 FROM {T(session)} WHERE {session.Dialect.Quote("Id")} = {p.Add(segment.Id)})";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(string id, string name, string definition, DateTime updatedAt, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"UPDATE {T(session)} SET {d.Quote("Name")} = {p.Add(name)}, {d.Quote("Definition")} = {p.Add(definition)}, {d.Quote("UpdatedAt")} = {p.Add(updatedAt)} " +
            $"WHERE {d.Quote("Id")} = {p.Add(id)}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    /// <summary>Deletes the segment and its memberships (in one transaction: not every SQLite connection enforces the cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        await session.BeginTransactionAsync(cancellationToken);
        var p = new SqlParameters();
        await session.ExecuteAsync(new SqlStatement($"DELETE FROM {d.Quote(AudienceTables.SegmentMemberships)} WHERE {d.Quote("SegmentId")} = {p.Add(id)}", p), cancellationToken);
        var q = new SqlParameters();
        var deleted = await session.ExecuteAsync(new SqlStatement($"DELETE FROM {T(session)} WHERE {d.Quote("Id")} = {q.Add(id)}", q), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>Members by entry time, newest first; total is the number of rows, not the cached MemberCount.</summary>
    public async Task<(IReadOnlyList<SegmentMembershipRecord> Items, int Total)> MembersAsync(string segmentId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var where = $"WHERE {d.Quote("SegmentId")} = {p.Add(segmentId)}";
        var page = d.Page($"{d.Quote("EnteredAt")} DESC, {d.Quote("ContactId")}", p.Add((long)skip), p.Add((long)take));
        var items = await session.ReadAsync(
            new SqlStatement($"SELECT {d.Quote("ContactId")}, {d.Quote("EnteredAt")} FROM {d.Quote(AudienceTables.SegmentMemberships)} {where} {page}", p),
            r => new SegmentMembershipRecord { SegmentId = segmentId, ContactId = d.ReadGuid(r, 0), EnteredAt = d.ReadDateTime(r, 1) },
            cancellationToken);
        var q = new SqlParameters();
        var total = await session.ScalarAsync(
            new SqlStatement($"SELECT COUNT(*) FROM {d.Quote(AudienceTables.SegmentMemberships)} WHERE {d.Quote("SegmentId")} = {q.Add(segmentId)}", q), cancellationToken);
        return (items, Convert.ToInt32(total, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Attribute definitions by name: the types rules are checked against.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AttributeTypesAsync(CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var rows = await session.ReadAsync(
            Statement(session, $"SELECT {d.Quote("Name")}, {d.Quote("Type")} FROM {d.Quote(AudienceTables.ContactAttributeDefinitions)}"),
            r => (Name: r.GetString(0), Type: r.GetString(1)),
            cancellationToken);
        return rows.ToDictionary(r => r.Name, r => r.Type, StringComparer.Ordinal);
    }

    private static SqlStatement Statement(AudienceSqlSession session, string text) => new(text, new SqlParameters());

    private static string T(AudienceSqlSession session) => session.Dialect.Quote(AudienceTables.Segments);

    private static string Cols(AudienceSqlSession session) => string.Join(", ", Columns.Select(session.Dialect.Quote));

    private static SegmentRecord Map(AudienceSqlSession session, DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Definition = reader.GetString(2),
        CreatedAt = session.Dialect.ReadDateTime(reader, 3),
        UpdatedAt = session.Dialect.ReadDateTime(reader, 4),
        LastReconciledAt = reader.IsDBNull(5) ? null : session.Dialect.ReadDateTime(reader, 5),
        MemberCount = Convert.ToInt32(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
    };
}
