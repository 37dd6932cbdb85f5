using AutomationServer.Scheduling.Configuration;
using Microsoft.Extensions.Configuration;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class SchedulerStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("scheduler-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)).Append(KeyValuePair.Create("contentRoot", (string?)_root)))
            .Build();

    [Fact]
    public void Defaults_to_sqlite_file_under_the_content_root_unclustered()
    {
        var store = SchedulerStore.FromConfiguration(Configuration());

        Assert.Equal(DatabaseProvider.Sqlite, store.Provider);
        Assert.Contains(Path.Combine(_root, "data", "automation.db"), store.ConnectionString, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_root, "data")));
        Assert.False(store.Clustered);
    }

    [Fact]
    public void Relative_sqlite_paths_are_anchored_at_the_content_root_and_other_keywords_kept()
    {
        var store = SchedulerStore.FromConfiguration(Configuration(("Persistence:ConnectionString", "Data Source=db/app.db;Cache=Shared")));

        Assert.Contains(Path.Combine(_root, "db", "app.db"), store.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("cache=Shared", store.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("SqlServer", DatabaseProvider.SqlServer)]
    [InlineData("postgresql", DatabaseProvider.PostgreSql)]
    public void Server_databases_are_clustered(string provider, DatabaseProvider expected)
    {
        var store = SchedulerStore.FromConfiguration(Configuration(("Persistence:Provider", provider), ("Persistence:ConnectionString", "Server=db;Database=automation")));

        Assert.Equal(expected, store.Provider);
        Assert.Equal("Server=db;Database=automation", store.ConnectionString);
        Assert.True(store.Clustered);
    }

    [Fact]
    public void Server_database_without_connection_string_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SchedulerStore.FromConfiguration(Configuration(("Persistence:Provider", "SqlServer"))));

        Assert.Contains("Persistence:ConnectionString", error.Message);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory")]
    public void In_memory_sqlite_is_refused(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SchedulerStore.FromConfiguration(Configuration(("Persistence:ConnectionString", connectionString))));

        Assert.Contains("in-memory", error.Message);
    }

    [Fact]
    public void Unknown_provider_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SchedulerStore.FromConfiguration(Configuration(("Persistence:Provider", "Oracle"))));

        Assert.Contains("Sqlite, SqlServer or PostgreSql", error.Message);
    }
}
