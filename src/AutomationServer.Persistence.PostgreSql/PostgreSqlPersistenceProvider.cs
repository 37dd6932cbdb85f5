using AutomationServer.Persistence.Bulk;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutomationServer.Persistence.PostgreSql;

public sealed class PostgreSqlPersistenceProvider : IPersistenceProvider
{
    public const string ProviderName = "PostgreSql";

    public string Name => ProviderName;

    public IDueBookmarkClaimer? DueBookmarkClaimer { get; } = new PostgreSqlDueBookmarkClaimer();

    public IBulkWriter? BulkWriter { get; } = new NpgsqlBulkWriter();

    public string ResolveConnectionString(string? configuredConnectionString, string contentRootPath)
    {
        if (string.IsNullOrWhiteSpace(configuredConnectionString))
        {
            throw new InvalidOperationException(
                "Persistence:Provider is PostgreSql but Persistence:ConnectionString is empty; set it, e.g. \"Host=db;Database=automation;Username=automation;Password=…\".");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(configuredConnectionString).ConnectionString;
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"Persistence:ConnectionString is not a valid PostgreSQL connection string: {exception.Message}", exception);
        }
    }

    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlPersistenceProvider).Assembly.GetName().Name));

    /// <summary>Serialization failure (40001) and deadlock (40P01): PostgreSQL aborted this transaction in favour of another.</summary>
    public bool IsConflict(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }
}
