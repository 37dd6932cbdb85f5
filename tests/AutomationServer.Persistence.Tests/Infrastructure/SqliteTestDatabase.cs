using Microsoft.Data.Sqlite;

namespace AutomationServer.Persistence.Tests.Infrastructure;

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("automation-persistence-").FullName;

    private string FilePath => Path.Combine(_folder, "automation.db");

    public override string ProviderName => "Sqlite";

    public static async Task<SqliteTestDatabase> CreateAsync(bool portablePaths = false)
    {
        var database = new SqliteTestDatabase();
        await database.StartAsync($"Data Source={database.FilePath}", portablePaths);
        return database;
    }

    /// <summary>The whole file after a WAL checkpoint: SQLite cannot tell tables apart cheaply, so callers subtract a baseline.</summary>
    public override async Task<long> MeasureInstanceStorageBytesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
        return await ScalarAsync(connection, "PRAGMA page_count;") * await ScalarAsync(connection, "PRAGMA page_size;");
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
