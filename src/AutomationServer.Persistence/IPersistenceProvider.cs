using AutomationServer.Persistence.Bulk;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence;

/// <summary>
/// One database provider (SQLite, SQL Server, PostgreSQL). Each provider project registers its implementation;
/// <see cref="PersistenceServiceCollectionExtensions.AddAutomationPersistence"/> picks the one named by <c>Persistence:Provider</c>.
/// </summary>
public interface IPersistenceProvider
{
    /// <summary>The value of <c>Persistence:Provider</c> that selects this provider (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>
    /// Completes the configured connection string, or supplies a default when none is configured.
    /// Throws <see cref="InvalidOperationException"/> with a clear message when the provider needs one and none is given.
    /// </summary>
    string ResolveConnectionString(string? configuredConnectionString, string contentRootPath);

    /// <summary>Configures the provider, its migrations assembly and its connection-level settings.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>A single-statement claim of due bookmarks, or null to use the portable one.</summary>
    IDueBookmarkClaimer? DueBookmarkClaimer { get; }

    /// <summary>A faster way to write a commit's new and updated instances and bookmarks, or null to use EF Core's SaveChanges.</summary>
    IBulkWriter? BulkWriter { get; }

    /// <summary>True when the exception is the database giving up one of two competing transactions (deadlock, serialization failure).</summary>
    bool IsConflict(Exception exception);
}
