using Npgsql;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>A database of its own on the server named by AUTOMATION_TEST_POSTGRES, dropped afterwards.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private readonly string _adminConnectionString;
    private readonly string _connectionString;
    private readonly string _name = $"automation_test_{Guid.NewGuid():N}";

    private PostgreSqlTestDatabase(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        _connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = _name }.ConnectionString;
    }

    public override string ProviderName => "PostgreSql";

    public static async Task<PostgreSqlTestDatabase> CreateAsync(bool portablePaths = false)
    {
        var admin = PostgreSqlServer.AdminConnectionString ?? throw new InvalidOperationException(PostgreSqlServer.SkipReason);
        var database = new PostgreSqlTestDatabase(admin);
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database._name}\"");
        await database.StartAsync(database._connectionString, portablePaths);
        return database;
    }

    public override async Task<long> MeasureInstanceStorageBytesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_total_relation_size('\"WorkflowInstances\"') + pg_total_relation_size('\"WorkflowBookmarks\"')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
