using System.Data.Common;
using System.Globalization;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Scoring;

/// <summary>The ScoringRules and ScoringSettings tables, in plain parameterised SQL over the shared connections.</summary>
public sealed class ScoringStore(IAudienceSqlConnections connections)
{
    public const string StagesKey = "lifecycle-stages";
    public const string DecayKey = "decay";

    private static readonly string[] RuleColumns = ["Id", "Name", "Kind", "Definition", "Points", "Enabled", "CreatedAt", "UpdatedAt"];

    public async Task<IReadOnlyList<ScoringRuleRecord>> ListRulesAsync(CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        return await session.ReadAsync(new SqlStatement($"SELECT {Cols(d)} FROM {d.Quote(ScoringTables.ScoringRules)} ORDER BY {d.Quote("Id")}", new SqlParameters()),
            r => Map(d, r), cancellationToken);
    }

    public async Task<ScoringRuleRecord?> GetRuleAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"SELECT {Cols(d)} FROM {d.Quote(ScoringTables.ScoringRules)} WHERE {d.Quote("Id")} = {p.Add(id)}";
        return (await session.ReadAsync(new SqlStatement(sql, p), r => Map(d, r), cancellationToken)).FirstOrDefault();
    }

    /// <summary>False when a rule with this id exists already.</summary>
    public async Task<bool> InsertRuleAsync(ScoringRuleRecord rule, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var table = d.Quote(ScoringTables.ScoringRules);
        var sql = $"INSERT INTO {table} ({Cols(d)}) SELECT {p.Add(rule.Id)}, {p.Add(rule.Name)}, {p.Add(rule.Kind)}, {p.Add(rule.Definition)}, {p.Add(rule.Points)}, " +
            $"{p.Add(rule.Enabled)}, {p.Add(rule.CreatedAt)}, {p.Add(rule.UpdatedAt)} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {d.Quote("Id")} = {p.Add(rule.Id)})";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    /// <summary>Replaces everything but the id and CreatedAt; false when the rule does not exist.</summary>
    public async Task<bool> UpdateRuleAsync(ScoringRuleRecord rule, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"UPDATE {d.Quote(ScoringTables.ScoringRules)} SET {d.Quote("Name")} = {p.Add(rule.Name)}, {d.Quote("Kind")} = {p.Add(rule.Kind)}, " +
            $"{d.Quote("Definition")} = {p.Add(rule.Definition)}, {d.Quote("Points")} = {p.Add(rule.Points)}, {d.Quote("Enabled")} = {p.Add(rule.Enabled)}, " +
            $"{d.Quote("UpdatedAt")} = {p.Add(rule.UpdatedAt)} WHERE {d.Quote("Id")} = {p.Add(rule.Id)}";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    /// <summary>
    /// Deletes the rule and which contacts its condition held for, in one transaction; its awards stay in the ledger so
    /// that scores remain explained.
    /// </summary>
    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        await session.BeginTransactionAsync(cancellationToken);
        var p = new SqlParameters();
        var rule = p.Add(id);
        await session.ExecuteAsync(new SqlStatement($"DELETE FROM {d.Quote(ScoringTables.ScoreRuleMatches)} WHERE {d.Quote("RuleId")} = {rule}", p), cancellationToken);
        var deleted = await session.ExecuteAsync(new SqlStatement($"DELETE FROM {d.Quote(ScoringTables.ScoringRules)} WHERE {d.Quote("Id")} = {rule}", p), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    public async Task<ScoringSettingRecord?> GetSettingAsync(string key, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        return await GetSettingAsync(session, key, cancellationToken);
    }

    /// <summary>Stores a setting's JSON; a new row starts its period now (a first decay comes one period after it is turned on).</summary>
    public async Task PutSettingAsync(string key, string value, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        var d = session.Dialect;
        var table = d.Quote(ScoringTables.ScoringSettings);
        var p = new SqlParameters();
        var k = p.Add(key);
        var v = p.Add(value);
        var now = p.Add(nowUtc);
        await session.BeginTransactionAsync(cancellationToken);
        var updated = await session.ExecuteAsync(new SqlStatement(
            $"UPDATE {table} SET {d.Quote("Value")} = {v}, {d.Quote("UpdatedAt")} = {now} WHERE {d.Quote("Key")} = {k}", p), cancellationToken);
        if (updated == 0)
        {
            await session.ExecuteAsync(new SqlStatement(
                $"INSERT INTO {table} ({d.Quote("Key")}, {d.Quote("Value")}, {d.Quote("UpdatedAt")}, {d.Quote("LastAppliedAt")}) " +
                $"SELECT {k}, {v}, {now}, {now} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {d.Quote("Key")} = {k})", p), cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the setting's period: sets LastAppliedAt to now when it was applied at or before <paramref name="dueIfAppliedBy"/>.
    /// One conditional UPDATE, so of two nodes asking at once only one gets true.
    /// </summary>
    public static async Task<bool> TryClaimAsync(AudienceSqlSession session, string key, DateTime nowUtc, DateTime dueIfAppliedBy, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var applied = d.Quote("LastAppliedAt");
        var sql = $"UPDATE {d.Quote(ScoringTables.ScoringSettings)} SET {applied} = {p.Add(nowUtc)} " +
            $"WHERE {d.Quote("Key")} = {p.Add(key)} AND ({applied} IS NULL OR {applied} <= {p.Add(dueIfAppliedBy)})";
        return await session.ExecuteAsync(new SqlStatement(sql, p), cancellationToken) == 1;
    }

    internal static async Task<ScoringSettingRecord?> GetSettingAsync(AudienceSqlSession session, string key, CancellationToken cancellationToken)
    {
        var d = session.Dialect;
        var p = new SqlParameters();
        var sql = $"SELECT {d.Quote("Key")}, {d.Quote("Value")}, {d.Quote("UpdatedAt")}, {d.Quote("LastAppliedAt")} FROM {d.Quote(ScoringTables.ScoringSettings)} WHERE {d.Quote("Key")} = {p.Add(key)}";
        var rows = await session.ReadAsync(new SqlStatement(sql, p), r => new ScoringSettingRecord
        {
            Key = r.GetString(0),
            Value = r.GetString(1),
            UpdatedAt = d.ReadDateTime(r, 2),
            LastAppliedAt = r.IsDBNull(3) ? null : d.ReadDateTime(r, 3),
        }, cancellationToken);
        return rows.FirstOrDefault();
    }

    private static string Cols(SqlDialect d) => string.Join(", ", RuleColumns.Select(d.Quote));

    private static ScoringRuleRecord Map(SqlDialect d, DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Kind = r.GetString(2),
        Definition = r.GetString(3),
        Points = Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
        Enabled = Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture),
        CreatedAt = d.ReadDateTime(r, 6),
        UpdatedAt = d.ReadDateTime(r, 7),
    };
}
