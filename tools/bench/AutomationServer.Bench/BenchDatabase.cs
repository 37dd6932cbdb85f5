using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AutomationServer.Bench;

/// <summary>Direct database access for what no API should offer: moving timers into the past and measuring size.</summary>
internal sealed class BenchDatabase(BenchOptions options)
{
    /// <summary>Makes every waiting timer due a minute ago, as if the server had been down past their due time.</summary>
    public async Task MakeTimersDueAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = options.IsPostgres
            ? """UPDATE "WorkflowBookmarks" SET "DueAt" = now() at time zone 'utc' - interval '1 minute', "ClaimedUntil" = NULL WHERE "DueAt" IS NOT NULL"""
            : """UPDATE "WorkflowBookmarks" SET "DueAt" = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 minute'), "ClaimedUntil" = NULL WHERE "DueAt" IS NOT NULL""";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Bytes the whole database occupies (SQLite: after folding the WAL into the file).</summary>
    public async Task<long> SizeBytesAsync()
    {
        await using var connection = await OpenAsync();
        if (options.IsPostgres)
        {
            await using var size = connection.CreateCommand();
            size.CommandText = "SELECT pg_database_size(current_database())";
            return Convert.ToInt64(await size.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        await using var pages = connection.CreateCommand();
        pages.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return Convert.ToInt64(await pages.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Empties the database between runs (PostgreSQL: drops every table; SQLite: deletes the file).</summary>
    public async Task ResetAsync()
    {
        if (!options.IsPostgres)
        {
            SqliteConnection.ClearAllPools();
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(builder.DataSource + suffix);
            }

            return;
        }

        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;";
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = options.IsPostgres ? new NpgsqlConnection(options.ConnectionString) : new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
