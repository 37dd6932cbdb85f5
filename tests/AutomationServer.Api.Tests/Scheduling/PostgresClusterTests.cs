using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Scheduling.Jobs;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace AutomationServer.Api.Tests.Scheduling;

/// <summary>Two hosts on one PostgreSQL database form a Quartz cluster that provisions its own tables.</summary>
public sealed class PostgresClusterTests : IAsyncLifetime
{
    private readonly string _database = "automation_test_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { Length: > 0 } server)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_connectionString.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task Two_nodes_share_the_schedule_and_check_in_as_a_cluster()
    {
        var store = new InMemoryTriggerStore();
        var trigger = store.Add("{\"interval\": \"00:00:01\"}");
        var runner = new RecordingTriggerRunner();
        await using var first = Node(store, runner);
        await using var second = Node(store, runner);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        foreach (var client in new[] { firstClient, secondClient })
        {
            await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "a node is ready");
        }

        await Eventually.TrueAsync(() => runner.RunsOf(trigger.Id) >= 2, TimeSpan.FromSeconds(20), "the shared trigger fires");
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var nodes = new NpgsqlCommand("SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = 'AutomationServer'", connection);
        Assert.Equal(2L, await nodes.ExecuteScalarAsync());
        await using var jobs = new NpgsqlCommand("SELECT COUNT(*) FROM qrtz_job_details WHERE job_group = @group", connection);
        jobs.Parameters.AddWithValue("group", ScheduledTriggerJob.Group);
        Assert.Equal(1L, await jobs.ExecuteScalarAsync());
        var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True((await scheduler.GetMetadata()).JobStoreClustered);
    }

    private AutomationServerFactory Node(InMemoryTriggerStore store, RecordingTriggerRunner runner) => new()
    {
        Settings =
        {
            ["Persistence:Provider"] = "PostgreSql",
            ["Persistence:ConnectionString"] = _connectionString,
        },
        TestServices = services =>
        {
            services.AddSingleton<IWorkflowRuntimeStore>(store);
            services.AddSingleton<IScheduledTriggerRunner>(runner);
        },
    };
}
