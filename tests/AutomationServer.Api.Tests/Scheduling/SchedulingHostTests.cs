using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Scheduling.Jobs;
using AutomationServer.Scheduling.Triggers;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AutomationServer.Api.Tests.Scheduling;

/// <summary>The scheduler inside the real host, against a real SQLite job store file.</summary>
public sealed class SchedulingHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Quartz_keeps_its_tables_in_the_configured_application_database()
    {
        await using var factory = new AutomationServerFactory();
        using var client = factory.CreateClient();
        await WaitUntilReadyAsync(client);

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = 'AutomationServer'";
        Assert.Equal(DueBookmarkScanJob.Key.Name, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Scan_job_drains_a_backlog_then_keeps_polling()
    {
        var processor = new CountingDueBookmarkProcessor(50, 50, 50);
        await using var factory = new AutomationServerFactory { TestServices = services => services.AddSingleton<IDueBookmarkProcessor>(processor) };
        using var client = factory.CreateClient();

        await Eventually.TrueAsync(() => processor.Processed == 150 && processor.Calls >= 4, Patience, "the backlog of three batches is drained");
        var callsAfterBacklog = processor.Calls;
        await Eventually.TrueAsync(() => processor.Calls > callsAfterBacklog, Patience, "the next tick polls again");
        Assert.Equal(150, processor.Processed);
    }

    [Fact]
    public async Task Host_synchronises_scheduled_triggers_from_the_engine_store()
    {
        await using var factory = new AutomationServerFactory();
        using var client = factory.CreateClient();
        await WaitUntilReadyAsync(client);

        var synchronizer = factory.Services.GetRequiredService<TriggerScheduleSynchronizer>();
        var result = await synchronizer.SynchronizeAsync(CancellationToken.None);

        Assert.True(result.Ran);
    }

    [Fact]
    public async Task Scheduled_triggers_fire_and_follow_changes_to_the_trigger_set()
    {
        var store = new InMemoryTriggerStore();
        var runner = new RecordingTriggerRunner();
        var interval = store.Add("{\"interval\": \"00:00:01\"}");
        var cron = store.Add("{\"cron\": \"* * * * * ?\"}");
        var invalid = store.Add("{\"cron\": \"every full moon\"}");
        var unscheduled = store.Add(null);
        await using var factory = new AutomationServerFactory
        {
            TestServices = services =>
            {
                services.AddSingleton<IWorkflowRuntimeStore>(store);
                services.AddSingleton<IScheduledTriggerRunner>(runner);
            },
        };
        using var client = factory.CreateClient();

        // The startup synchronisation schedules both valid triggers, and Quartz fires them.
        await Eventually.TrueAsync(() => runner.RunsOf(interval.Id) >= 1 && runner.RunsOf(cron.Id) >= 1, Patience, "both scheduled triggers have fired");
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(ScheduledTriggerJob.KeyFor(interval.Id)));
        Assert.True(await scheduler.Exists(ScheduledTriggerJob.KeyFor(cron.Id)));
        Assert.False(await scheduler.Exists(ScheduledTriggerJob.KeyFor(invalid.Id)));
        Assert.False(await scheduler.Exists(ScheduledTriggerJob.KeyFor(unscheduled.Id)));
        Assert.Equal(0, runner.RunsOf(invalid.Id));

        // An unchanged trigger set leaves the jobs alone.
        var synchronizer = factory.Services.GetRequiredService<TriggerScheduleSynchronizer>();
        var unchanged = await synchronizer.SynchronizeAsync(CancellationToken.None);
        Assert.Equal(new TriggerSyncResult(true, 0, 2, 0, 1), unchanged);

        // Removing a trigger and notifying the observer removes its job; the other keeps firing.
        store.Remove(interval.Id);
        var observer = factory.Services.GetRequiredService<ITriggerScheduleObserver>();
        await observer.OnTriggersChangedAsync(interval.DefinitionId, CancellationToken.None);
        Assert.False(await scheduler.Exists(ScheduledTriggerJob.KeyFor(interval.Id)));
        Assert.True(await scheduler.Exists(ScheduledTriggerJob.KeyFor(cron.Id)));
        var intervalRuns = runner.RunsOf(interval.Id);
        var cronRuns = runner.RunsOf(cron.Id);
        await Eventually.TrueAsync(() => runner.RunsOf(cron.Id) > cronRuns + 1, Patience, "the remaining cron trigger fires again");
        Assert.Equal(intervalRuns, runner.RunsOf(interval.Id));

        // A changed schedule replaces the job's trigger.
        store.SetSchedule(cron.Id, "{\"cron\": \"0 0 12 * * ?\"}");
        var changed = await synchronizer.SynchronizeAsync(CancellationToken.None);
        Assert.Equal(new TriggerSyncResult(true, 1, 0, 0, 1), changed);
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey(cron.Id.ToString("D"), ScheduledTriggerJob.Group)));
        Assert.Equal("0 0 12 * * ?", trigger.CronExpressionString);
    }

    [Fact]
    public async Task One_time_trigger_fires_once_and_a_past_one_is_not_scheduled()
    {
        var store = new InMemoryTriggerStore();
        var runner = new RecordingTriggerRunner();
        var past = store.Add("{\"at\": \"2020-01-01T00:00:00Z\"}");
        await using var factory = new AutomationServerFactory
        {
            TestServices = services =>
            {
                services.AddSingleton<IWorkflowRuntimeStore>(store);
                services.AddSingleton<IScheduledTriggerRunner>(runner);
            },
        };
        using var client = factory.CreateClient();
        await WaitUntilReadyAsync(client);

        // Published while the server runs: the observer schedules it.
        var soon = store.Add($"{{\"at\": \"{DateTimeOffset.UtcNow.AddSeconds(2):O}\"}}");
        await factory.Services.GetRequiredService<ITriggerScheduleObserver>().OnTriggersChangedAsync(soon.DefinitionId, CancellationToken.None);

        await Eventually.TrueAsync(() => runner.RunsOf(soon.Id) == 1, Patience, "the one-time trigger has fired");
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.TrueAsync(async () => !await scheduler.Exists(ScheduledTriggerJob.KeyFor(soon.Id)), Patience, "the finished job is gone");

        // Neither the fired nor the past instant is scheduled again.
        var result = await factory.Services.GetRequiredService<TriggerScheduleSynchronizer>().SynchronizeAsync(CancellationToken.None);
        Assert.Equal(new TriggerSyncResult(true, 0, 0, 0, 0), result);
        Assert.False(await scheduler.Exists(ScheduledTriggerJob.KeyFor(past.Id)));
        Assert.Equal(1, runner.RunsOf(soon.Id));
        Assert.Equal(0, runner.RunsOf(past.Id));
    }

    private static Task WaitUntilReadyAsync(HttpClient client) =>
        Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, Patience, "the host is ready");
}
