using System.Diagnostics;
using Npgsql;

namespace AutomationServer.Bench.Audience;

/// <summary>
/// Loads the audience benchmark's data straight into PostgreSQL with generate_series: contacts with an email,
/// four typed attributes and consents, and events over the last 90 days. The tables keep the schema the server's
/// migrations made; their indexes and foreign keys are dropped for the load and made again afterwards, as a
/// bulk load into any PostgreSQL database is done.
/// </summary>
internal static class AudienceSeed
{
    public static readonly string[] Tables = ["Contacts", "ContactIdentities", "ContactAttributes", "ContactConsents", "ContactEvents"];

    /// <summary>Contact number <c>i</c>'s id; the bench's scenarios find contacts with the same formula.</summary>
    public static string ContactIdSql(string number) => $"md5('c' || ({number})::text)::uuid";

#pragma warning disable CA5351 // Not security: MD5 is what PostgreSQL's md5() computes in the seed, which this must match.
    public static Guid ContactId(long number) =>
        Guid.ParseExact(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes("c" + number.ToString(System.Globalization.CultureInfo.InvariantCulture)))), "N");
#pragma warning restore CA5351

    /// <summary>What an earlier seed loaded ("N contacts, M events"), kept as a comment on the events table; null when none.</summary>
    public static async Task<string?> SeededAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""SELECT obj_description(to_regclass('"ContactEvents"'), 'pg_class')""");
        return await command.ExecuteScalarAsync() as string;
    }

    public static string Describe(long contacts, long events) => $"bench seed: {contacts} contacts, {events} events";

    public static async Task RunAsync(NpgsqlDataSource database, long contacts, long events)
    {
        await using var connection = await database.OpenConnectionAsync();
        await ExecuteAsync(connection, "SET maintenance_work_mem = '1GB'; SET synchronous_commit = off;");
        // The contacts' primary key stays: the (empty) tables outside the seed refer to it.
        var constraints = (await ReadConstraintsAsync(connection)).Where(c => !(c.Kind == 'p' && c.Table == "Contacts")).ToList();
        var indexes = await ReadIndexesAsync(connection);
        await TimedAsync("drop indexes and foreign keys", connection,
            string.Join(";\n", constraints.Where(c => c.Kind == 'f').Concat(constraints.Where(c => c.Kind == 'p'))
                .Select(c => $"ALTER TABLE \"{c.Table}\" DROP CONSTRAINT \"{c.Name}\"")
                .Concat(indexes.Select(i => $"DROP INDEX \"{i.Name}\""))));

        var p = new Dictionary<string, string>
        {
            ["@contacts"] = contacts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["@events"] = events.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await TimedAsync("attribute definitions", connection, Fill(AudienceSeedSql.Definitions, p));
        await TimedAsync($"{contacts:N0} contacts", connection, Fill(AudienceSeedSql.Contacts, p));
        await TimedAsync($"{contacts:N0} email identities", connection, Fill(AudienceSeedSql.Identities, p));
        await TimedAsync("attributes (country, plan, signupDate, lifetimeValue)", connection, Fill(AudienceSeedSql.Attributes, p));
        await TimedAsync("consents (email, sms)", connection, Fill(AudienceSeedSql.Consents, p));
        await TimedAsync($"{events:N0} events", connection, Fill(AudienceSeedSql.Events, p));

        await TimedAsync("primary keys", connection, string.Join(";\n", constraints.Where(c => c.Kind == 'p').Select(c => $"ALTER TABLE \"{c.Table}\" ADD CONSTRAINT \"{c.Name}\" {c.Definition}")));
        await TimedAsync("indexes", connection, string.Join(";\n", indexes.Select(i => i.Definition)));
        await TimedAsync("foreign keys", connection, string.Join(";\n", constraints.Where(c => c.Kind == 'f').Select(c => $"ALTER TABLE \"{c.Table}\" ADD CONSTRAINT \"{c.Name}\" {c.Definition}")));
        await TimedAsync("vacuum analyze", connection, string.Join(";\n", Tables.Select(t => $"VACUUM ANALYZE \"{t}\"")));
        await TimedAsync("checkpoint", connection, "CHECKPOINT");
        await ExecuteAsync(connection, $"COMMENT ON TABLE \"ContactEvents\" IS '{Describe(contacts, events)}'");
    }

    private static async Task TimedAsync(string step, NpgsqlConnection connection, string sql)
    {
        var stopwatch = Stopwatch.StartNew();
        // One statement at a time: VACUUM refuses to run inside the implicit transaction of a multi-statement command.
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries))
        {
            await ExecuteAsync(connection, statement);
        }

        Console.WriteLine($"seed: {step} in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static string Fill(string sql, Dictionary<string, string> values) =>
        values.Aggregate(sql, (text, pair) => text.Replace(pair.Key, pair.Value, StringComparison.Ordinal));

    private sealed record Constraint(string Table, string Name, char Kind, string Definition);

    private sealed record Index(string Name, string Definition);

    private static async Task<List<Constraint>> ReadConstraintsAsync(NpgsqlConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND c.contype IN ('p', 'f') AND t.relname = ANY($1)
            """;
        command.Parameters.Add(new NpgsqlParameter { Value = Tables });
        var rows = new List<Constraint>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Constraint(reader.GetString(0), reader.GetString(1), reader.GetChar(2), reader.GetString(3)));
        }

        return rows;
    }

    private static async Task<List<Index>> ReadIndexesAsync(NpgsqlConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')
            """;
        command.Parameters.Add(new NpgsqlParameter { Value = Tables });
        var rows = new List<Index>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Index(reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
