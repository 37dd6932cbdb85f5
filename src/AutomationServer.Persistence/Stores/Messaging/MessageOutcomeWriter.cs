using System.Text;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence.Stores.Messaging;

/// <summary>
/// Writes a batch of outcomes without tracking entities (which would cost more than the sends themselves): on PostgreSQL
/// one <c>UPDATE … FROM (VALUES …) … RETURNING</c> per slice, on SQLite one prepared statement run per row. The lease
/// condition is part of each row's match, so a row another dispatcher claimed meanwhile is left alone.
/// </summary>
internal static class MessageOutcomeWriter
{
    /// <summary>Rows per statement: ten parameters each keeps every statement far below the providers' parameter limits.</summary>
    private const int SliceSize = 200;

    public static bool Supports(WorkflowDbContext db) => IsSqlite(db) || IsPostgreSql(db);

    public static Task<HashSet<Guid>> WriteAsync(
        WorkflowDbContext db, Guid leaseId, IReadOnlyCollection<MessageOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken) =>
        IsSqlite(db) ? WriteOneByOneAsync(db, leaseId, outcomes, nowUtc, cancellationToken) : WriteJoinedAsync(db, leaseId, outcomes, nowUtc, cancellationToken);

    /// <summary>
    /// SQLite runs in-process and would scan the table for an UPDATE … FROM (VALUES …), so one prepared statement per row is
    /// the fast way there: each costs microseconds, inside the transaction that already holds the write lock.
    /// </summary>
    private static async Task<HashSet<Guid>> WriteOneByOneAsync(
        WorkflowDbContext db, Guid leaseId, IReadOnlyCollection<MessageOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var written = new HashSet<Guid>();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            "UPDATE \"" + MessageConfiguration.Table + "\" SET \"State\" = $state, \"Attempts\" = $attempts, \"DueAt\" = $due, " +
            "\"ReasonCode\" = $code, \"Reason\" = $reason, \"SentAt\" = COALESCE($sent, \"SentAt\"), " +
            "\"ProviderMessageId\" = COALESCE($provider, \"ProviderMessageId\"), \"Recipient\" = COALESCE($recipient, \"Recipient\"), " +
            "\"Subject\" = COALESCE($subject, \"Subject\"), \"LeaseId\" = NULL, \"LeasedUntil\" = NULL, \"UpdatedAt\" = $now " +
            "WHERE \"Id\" = $id AND \"LeaseId\" = $lease";
        var names = new[] { "$id", "$lease", "$now", "$state", "$attempts", "$due", "$code", "$reason", "$sent", "$provider", "$recipient", "$subject" };
        var parameters = names.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        parameters[1].Value = leaseId.ToByteArray(bigEndian: true);
        parameters[2].Value = SqliteTime(nowUtc);
        foreach (var outcome in outcomes)
        {
            parameters[0].Value = outcome.MessageId.ToByteArray(bigEndian: true);
            parameters[3].Value = outcome.State.ToString();
            parameters[4].Value = outcome.Attempts;
            parameters[5].Value = SqliteTime(outcome.DueAt);
            parameters[6].Value = (object?)outcome.ReasonCode ?? DBNull.Value;
            parameters[7].Value = (object?)outcome.Reason ?? DBNull.Value;
            parameters[8].Value = outcome.SentAt is { } sent ? SqliteTime(sent) : DBNull.Value;
            parameters[9].Value = (object?)outcome.ProviderMessageId ?? DBNull.Value;
            parameters[10].Value = (object?)outcome.Recipient ?? DBNull.Value;
            parameters[11].Value = (object?)outcome.Subject ?? DBNull.Value;
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                written.Add(outcome.MessageId);
            }
        }

        return written;
    }

    /// <summary>The text EF Core's SQLite provider stores a DateTime as, so that comparisons with other rows hold.</summary>
    private static string SqliteTime(DateTime utc) => utc.ToString("yyyy'-'MM'-'dd HH':'mm':'ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HashSet<Guid>> WriteJoinedAsync(
        WorkflowDbContext db, Guid leaseId, IReadOnlyCollection<MessageOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var written = new HashSet<Guid>();
        foreach (var slice in outcomes.Chunk(SliceSize))
        {
            var parameters = new List<object?> { nowUtc, leaseId };
            var rows = new StringBuilder();
            foreach (var outcome in slice)
            {
                rows.Append(rows.Length == 0 ? "(" : ", (");
                Value(rows, parameters, outcome.MessageId, "uuid");
                Value(rows, parameters, outcome.State.ToString(), "text", first: false);
                Value(rows, parameters, outcome.Attempts, "integer", first: false);
                Value(rows, parameters, outcome.DueAt, "timestamp with time zone", first: false);
                Value(rows, parameters, outcome.ReasonCode, "text", first: false);
                Value(rows, parameters, outcome.Reason, "text", first: false);
                Value(rows, parameters, outcome.SentAt, "timestamp with time zone", first: false);
                Value(rows, parameters, outcome.ProviderMessageId, "text", first: false);
                Value(rows, parameters, outcome.Recipient, "text", first: false);
                Value(rows, parameters, outcome.Subject, "text", first: false);
                rows.Append(')');
            }

            var sql =
                "UPDATE \"" + MessageConfiguration.Table + "\" AS m SET \"State\" = v.column2, \"Attempts\" = v.column3, \"DueAt\" = v.column4, " +
                "\"ReasonCode\" = v.column5, \"Reason\" = v.column6, \"SentAt\" = COALESCE(v.column7, m.\"SentAt\"), " +
                "\"ProviderMessageId\" = COALESCE(v.column8, m.\"ProviderMessageId\"), \"Recipient\" = COALESCE(v.column9, m.\"Recipient\"), " +
                "\"Subject\" = COALESCE(v.column10, m.\"Subject\"), \"LeaseId\" = NULL, \"LeasedUntil\" = NULL, \"UpdatedAt\" = {0} " +
                "FROM (VALUES " + rows + ") AS v " +
                "WHERE m.\"Id\" = v.column1 AND m.\"LeaseId\" = {1} " +
                "RETURNING \"Id\" AS \"Value\"";
            written.UnionWith(await db.Database.SqlQueryRaw<Guid>(sql, parameters.ToArray()!).ToListAsync(cancellationToken));
        }

        return written;
    }

    private static void Value(StringBuilder sql, List<object?> parameters, object? value, string pgType, bool first = true)
    {
        if (!first)
        {
            sql.Append(", ");
        }

        var placeholder = "{" + parameters.Count + "}";
        // Typed, because PostgreSQL cannot infer the type of a NULL parameter inside VALUES.
        sql.Append($"CAST({placeholder} AS {pgType})");
        parameters.Add(value);
    }

    private static bool IsSqlite(WorkflowDbContext db) => (db.Database.ProviderName ?? "").EndsWith(".Sqlite", StringComparison.Ordinal);

    private static bool IsPostgreSql(WorkflowDbContext db) => (db.Database.ProviderName ?? "").Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase);
}
