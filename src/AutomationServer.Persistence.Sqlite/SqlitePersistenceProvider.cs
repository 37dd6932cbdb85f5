using AutomationServer.Persistence.Bulk;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutomationServer.Persistence.Sqlite;

/// <summary>The embedded default: one database file, WAL journal, migrations in this assembly.</summary>
public sealed class SqlitePersistenceProvider : IPersistenceProvider
{
    public const string ProviderName = "Sqlite";

    private readonly SqliteConnectionSettings _connectionSettings = new();

    public string Name => ProviderName;

    public IDueBookmarkClaimer? DueBookmarkClaimer { get; } = new SqliteDueBookmarkClaimer();

    public IBulkWriter? BulkWriter => PreparedStatementBulkWriter.Instance;

    /// <summary>
    /// Defaults to <c>data/automation.db</c> under the content root; a relative Data Source is taken from the content root
    /// too, so the database does not move with the working directory. Creates the database's folder.
    /// </summary>
    public string ResolveConnectionString(string? configuredConnectionString, string contentRootPath)
    {
        var builder = string.IsNullOrWhiteSpace(configuredConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine("data", "automation.db") }
            : Parse(configuredConnectionString);

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException("Persistence:ConnectionString for SQLite needs a Data Source (the database file).");
        }

        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:")
        {
            return builder.ToString();
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, contentRootPath);
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }

    public void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqlitePersistenceProvider).Assembly.GetName().Name));
        builder.AddInterceptors(_connectionSettings);
        builder.ReplaceService<IModelCustomizer, SqliteWorkflowModelCustomizer>();
    }

    /// <summary>SQLite serialises writers with a lock instead of failing one of two transactions.</summary>
    public bool IsConflict(Exception exception) => false;

    private static SqliteConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"Persistence:ConnectionString is not a valid SQLite connection string: {exception.Message}", exception);
        }
    }
}
