using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace AutomationServer.Scheduling.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>
/// Where Quartz keeps its job store: the application's own database, read from the same
/// <c>Persistence:Provider</c> and <c>Persistence:ConnectionString</c> keys the persistence layer reads.
/// </summary>
public sealed record SchedulerStore(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>Relative to the content root, like every other path the server writes.</summary>
    public const string DefaultSqliteFile = "data/automation.db";

    /// <summary>Quartz refuses to cluster on SQLite; the server databases can carry several nodes.</summary>
    public bool Clustered => Provider is not DatabaseProvider.Sqlite;

    public static SchedulerStore FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration["Persistence:Provider"];
        var provider = ParseProvider(providerText);
        var contentRoot = configuration["contentRoot"] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        var connectionString = configuration["Persistence:ConnectionString"];

        if (provider is DatabaseProvider.Sqlite)
        {
            return new SchedulerStore(provider, ResolveSqlite(connectionString, contentRoot));
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Persistence:ConnectionString is required when Persistence:Provider is {provider}.");
        }

        return new SchedulerStore(provider, connectionString);
    }

    private static DatabaseProvider ParseProvider(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DatabaseProvider.Sqlite;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
            "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
            _ => throw new InvalidOperationException(
                $"Persistence:Provider '{text}' is not supported. Use Sqlite, SqlServer or PostgreSql."),
        };
    }

    // SQLite opens files relative to the working directory, which for a Windows service is System32;
    // anchoring relative paths at the content root keeps the database next to the server.
    private static string ResolveSqlite(string? connectionString, string contentRoot)
    {
        var builder = new DbConnectionStringBuilder();
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            builder.ConnectionString = connectionString;
        }

        var key = new[] { "Data Source", "DataSource", "Filename" }.FirstOrDefault(builder.ContainsKey);
        var file = key is null ? DefaultSqliteFile : Convert.ToString(builder[key]) ?? "";
        if (key is not null)
        {
            builder.Remove(key);
        }

        var inMemory = file.Length == 0 || file.Equals(":memory:", StringComparison.OrdinalIgnoreCase) ||
                       (builder.TryGetValue("Mode", out var mode) && "memory".Equals(Convert.ToString(mode), StringComparison.OrdinalIgnoreCase));
        if (inMemory)
        {
            throw new InvalidOperationException(
                "The scheduler keeps its jobs in the application database, so Persistence:ConnectionString must name a SQLite file, not an in-memory database.");
        }

        var fullPath = Path.GetFullPath(file, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        builder["Data Source"] = fullPath;
        return builder.ConnectionString;
    }
}
