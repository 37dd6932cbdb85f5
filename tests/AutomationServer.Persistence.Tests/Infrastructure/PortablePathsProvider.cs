using AutomationServer.Persistence.Bulk;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>
/// A provider stripped of its fast paths (bulk writer, single-statement claim), so the portable code that
/// SQL Server runs is exercised on the databases the tests do have.
/// </summary>
public sealed class PortablePathsProvider(IPersistenceProvider inner) : IPersistenceProvider
{
    public string Name => inner.Name;

    public IDueBookmarkClaimer? DueBookmarkClaimer => null;

    public IBulkWriter? BulkWriter => null;

    public string ResolveConnectionString(string? configuredConnectionString, string contentRootPath) =>
        inner.ResolveConnectionString(configuredConnectionString, contentRootPath);

    public void Configure(DbContextOptionsBuilder builder, string connectionString) => inner.Configure(builder, connectionString);

    public bool IsConflict(Exception exception) => inner.IsConflict(exception);
}
