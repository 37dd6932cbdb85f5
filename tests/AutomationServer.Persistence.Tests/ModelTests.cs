using AutomationServer.Persistence.PostgreSql;
using AutomationServer.Persistence.Sqlite;
using AutomationServer.Persistence.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AutomationServer.Persistence.Tests;

/// <summary>Each provider's migrations match the model; no database is needed to compare them.</summary>
public sealed class ModelTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "SqlServer", "PostgreSql" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_pending_changes(string provider)
    {
        using var db = DesignTimeContext(provider);

        Assert.True(db.Database.GetMigrations().Any(), $"{provider} has no migrations");
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model differs from the {provider} migrations snapshot: add a migration with " +
            $"dotnet ef migrations add <Name> --project src/AutomationServer.Persistence.{provider} --startup-project src/AutomationServer.Persistence.{provider}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Nullable_hot_path_indexes_are_filtered_in_the_providers_dialect(string provider)
    {
        using var db = DesignTimeContext(provider);
        var bookmarks = db.Model.FindEntityType(typeof(Workflows.Persistence.BookmarkRecord))!;

        var filter = bookmarks.GetIndexes().Single(i => i.Properties.Single().Name == "Hash").GetFilter();

        Assert.Equal(provider == "SqlServer" ? "[Hash] IS NOT NULL" : "\"Hash\" IS NOT NULL", filter);
    }

    [Fact]
    public void Instance_revision_is_the_concurrency_token()
    {
        using var db = DesignTimeContext("Sqlite");
        var instances = db.Model.FindEntityType(typeof(Workflows.Persistence.WorkflowInstanceRecord))!;

        Assert.Equal(["Revision"], instances.GetProperties().Where(p => p.IsConcurrencyToken).Select(p => p.Name));
        Assert.Equal("WorkflowInstances", instances.GetTableName());
    }

    private static WorkflowDbContext DesignTimeContext(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeDbContextFactory().CreateDbContext([]),
        "SqlServer" => new SqlServerDesignTimeDbContextFactory().CreateDbContext([]),
        "PostgreSql" => new PostgreSqlDesignTimeDbContextFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
