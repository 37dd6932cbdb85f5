using AutomationServer.Persistence.Bulk;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.SqlServer;

/// <summary>
/// The production database. No SQL Server runs on the build machines, so this provider keeps to what the other two
/// prove: EF-generated SQL only, and the portable due-bookmark claim (one conditional UPDATE per bookmark).
/// </summary>
public sealed class SqlServerPersistenceProvider : IPersistenceProvider
{
    public const string ProviderName = "SqlServer";

    private const int DeadlockVictim = 1205;

    public string Name => ProviderName;

    public IDueBookmarkClaimer? DueBookmarkClaimer => null;

    /// <summary>EF Core's batched SaveChanges: SQL Server runs many rows per round trip already.</summary>
    public IBulkWriter? BulkWriter => null;

    public string ResolveConnectionString(string? configuredConnectionString, string contentRootPath)
    {
        if (string.IsNullOrWhiteSpace(configuredConnectionString))
        {
            throw new InvalidOperationException(
                "Persistence:Provider is SqlServer but Persistence:ConnectionString is empty; set it, e.g. " +
                "\"Server=sql01;Database=Automation;Integrated Security=true;TrustServerCertificate=true\".");
        }

        try
        {
            return new SqlConnectionStringBuilder(configuredConnectionString).ConnectionString;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"Persistence:ConnectionString is not a valid SQL Server connection string: {exception.Message}", exception);
        }
    }

    // No retrying execution strategy: the stores open their own transactions, which such a strategy refuses.
    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(typeof(SqlServerPersistenceProvider).Assembly.GetName().Name));

    public bool IsConflict(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqlException { Number: DeadlockVictim })
            {
                return true;
            }
        }

        return false;
    }
}
