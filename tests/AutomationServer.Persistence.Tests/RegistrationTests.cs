using AutomationServer.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence.Tests;

public sealed class RegistrationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("automation-host-").FullName;

    [Fact]
    public async Task Sqlite_is_the_default_with_a_wal_database_under_the_content_root()
    {
        await using var services = Build([]);

        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);

        var file = Path.Combine(_contentRoot, "data", "automation.db");
        Assert.True(File.Exists(file));
        Assert.Same(services.GetRequiredService<IWorkflowRuntimeStore>(), services.GetRequiredService<IWorkflowRuntimeStore>());
        Assert.NotNull(services.GetRequiredService<IWorkflowDefinitionStore>());
        Assert.NotNull(services.GetRequiredService<IWorkflowInstanceStore>());
        Assert.Empty(await services.GetRequiredService<AutomationDatabase>().GetPendingMigrationsAsync(CancellationToken.None));
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_relative_sqlite_data_source_is_taken_from_the_content_root()
    {
        await using var services = Build(new() { ["Persistence:ConnectionString"] = "Data Source=state/journeys.db" });

        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_contentRoot, "state", "journeys.db")));
    }

    [Fact]
    public async Task Migrations_wait_when_migrate_on_startup_is_off()
    {
        await using var services = Build(new() { ["Persistence:MigrateOnStartup"] = "false" });

        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);

        Assert.NotEmpty(await services.GetRequiredService<AutomationDatabase>().GetPendingMigrationsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_provider_names_the_registered_ones()
    {
        await using var services = Build(new() { ["Persistence:Provider"] = "Oracle" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IWorkflowRuntimeStore>());

        Assert.Contains("'Oracle'", error.Message);
        Assert.Contains("Sqlite, PostgreSql, SqlServer", error.Message);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public async Task Server_providers_need_a_connection_string(string provider)
    {
        await using var services = Build(new() { ["Persistence:Provider"] = provider });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<AutomationDatabase>());

        Assert.Contains("Persistence:ConnectionString", error.Message);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=unused.db", "CREATE TABLE \"WorkflowInstances\"")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=1;Database=unused", "CREATE TABLE \"WorkflowInstances\"")]
    [InlineData("SqlServer", "Server=127.0.0.1,1;Database=Unused;TrustServerCertificate=true", "CREATE TABLE [WorkflowInstances]")]
    public async Task The_migration_script_creates_the_schema_without_touching_a_database(string provider, string connectionString, string createsInstances)
    {
        await using var services = Build(new() { ["Persistence:Provider"] = provider, ["Persistence:ConnectionString"] = connectionString });

        var script = services.GenerateAutomationMigrationScript();

        Assert.Contains(createsInstances, script);
        Assert.Contains("WorkflowBookmarks", script);
        if (provider != "Sqlite")
        {
            // Idempotent: every migration is guarded by a look-up in the history table.
            Assert.Contains("__EFMigrationsHistory", script);
            Assert.Contains("IF NOT EXISTS", script, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Health_check_reports_a_reachable_database_healthy()
    {
        await using var services = Build([], health => health.AddAutomationDatabaseCheck());
        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains(AutomationDatabaseHealthCheckExtensions.CheckName, report.Entries.Keys);
    }

    [Fact]
    public async Task Health_check_reports_an_unreachable_database_unhealthy()
    {
        await using var services = Build(
            new() { ["Persistence:Provider"] = "PostgreSql", ["Persistence:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Timeout=2" },
            health => health.AddAutomationDatabaseCheck());

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("PostgreSql database unreachable", report.Entries[AutomationDatabaseHealthCheckExtensions.CheckName].Description);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<IHealthChecksBuilder>? health = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new TestHostEnvironment(_contentRoot))
            .AddSqlitePersistenceProvider()
            .AddPostgreSqlPersistenceProvider()
            .AddSqlServerPersistenceProvider()
            .AddAutomationPersistence(configuration);
        health?.Invoke(services.AddHealthChecks());
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "AutomationServer.Persistence.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
