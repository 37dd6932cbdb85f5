using System.Diagnostics;
using AutomationServer.Persistence.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;
using Xunit.Abstractions;

namespace AutomationServer.Persistence.Tests;

/// <summary>What a waiting contact costs: database bytes per instance, and how fast the runtime's batches land.</summary>
public abstract class StorageCostTests(ITestOutputHelper output) : DatabaseTests
{
    private const int Instances = 10_000;
    private const int BatchSize = 1_000;

    [DatabaseFact]
    public async Task A_waiting_instance_with_a_timer_costs_under_one_kilobyte()
    {
        // One batch first so that start-up costs (JIT, first connections) stay out of the measurement.
        await Database.Runtime.CommitAsync(WaitingBatch(-1), CancellationToken.None);
        var baseline = await Database.MeasureInstanceStorageBytesAsync();
        var watch = new Stopwatch();
        for (var batch = 0; batch < Instances / BatchSize; batch++)
        {
            var commit = WaitingBatch(batch);
            watch.Start();
            await Database.Runtime.CommitAsync(commit, CancellationToken.None);
            watch.Stop();
        }

        var bytes = await Database.MeasureInstanceStorageBytesAsync() - baseline;
        var perInstance = (double)bytes / Instances;
        var rowsPerSecond = 2 * Instances / watch.Elapsed.TotalSeconds;
        var report = $"{Database.ProviderName}: {perInstance:F0} bytes per waiting instance (instance + timer bookmark + indexes), " +
                     $"{rowsPerSecond:F0} rows/s in commits of {BatchSize} instances + {BatchSize} bookmarks";
        output.WriteLine(report);
        Console.WriteLine(report);

        Assert.True(perInstance < 1024, report);
        // The goal is well over 10,000 rows/s; the floor leaves room for a loaded two-core build machine.
        Assert.True(rowsPerSecond > 4_000, report);
    }

    [DatabaseFact]
    public async Task Resuming_waiting_instances_commits_thousands_of_rows_per_second()
    {
        const int batches = 5;
        var waiting = new List<WorkflowCommit>();
        for (var batch = -1; batch < batches; batch++)
        {
            var commit = WaitingBatch(batch);
            await Database.Runtime.CommitAsync(commit, CancellationToken.None);
            waiting.Add(commit);
        }

        var watch = new Stopwatch();
        var rows = 0;
        for (var batch = 0; batch < waiting.Count; batch++)
        {
            // As the runtime resumes timers: load the instances, consume their bookmarks, save state, wait again.
            if (batch == 1)
            {
                watch.Start();
                rows = 0;
            }

            var timers = waiting[batch].NewBookmarks;
            var instances = await Database.Runtime.LoadInstancesAsync(timers.Select(b => b.InstanceId).ToList(), CancellationToken.None);
            var resume = new WorkflowCommit();
            resume.ConsumedBookmarkIds.AddRange(timers.Select(b => b.Id));
            foreach (var instance in instances)
            {
                instance.State = instance.State.Replace("wait-day-3", "wait-day-6", StringComparison.Ordinal);
                instance.UpdatedAt = Sample.Now.AddDays(3);
                resume.UpdatedInstances.Add(instance);
                resume.NewBookmarks.Add(Sample.Timer(instance, Sample.Now.AddDays(6)));
            }

            await Database.Runtime.CommitAsync(resume, CancellationToken.None);
            rows += resume.ConsumedBookmarkIds.Count + resume.UpdatedInstances.Count + resume.NewBookmarks.Count;
        }

        watch.Stop();
        var rowsPerSecond = rows / watch.Elapsed.TotalSeconds;
        var report = $"{Database.ProviderName}: {rowsPerSecond:F0} rows/s resuming timers (load {BatchSize} instances, " +
                     $"delete {BatchSize} bookmarks, update {BatchSize} instances, insert {BatchSize} bookmarks per commit)";
        output.WriteLine(report);
        Console.WriteLine(report);

        var stored = await Database.Instances.FindAsync(waiting[^1].NewInstances[0].Id, CancellationToken.None);
        Assert.Equal(1, stored!.Revision);
        Assert.Contains("wait-day-6", stored.State);
        Assert.True(rowsPerSecond > 3_000, report);
    }

    /// <summary>Contacts entering a journey and waiting three days: new instances with one timer bookmark each.</summary>
    private static WorkflowCommit WaitingBatch(int batch)
    {
        var commit = new WorkflowCommit();
        for (var i = 0; i < BatchSize; i++)
        {
            var instance = Sample.Instance(contact: (batch + 1) * BatchSize + i);
            commit.NewInstances.Add(instance);
            commit.NewBookmarks.Add(Sample.Timer(instance, Sample.Now.AddDays(3).AddSeconds(i)));
        }

        return commit;
    }
}

public sealed class SqliteStorageCostTests(ITestOutputHelper output) : StorageCostTests(output)
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlStorageCostTests(ITestOutputHelper output) : StorageCostTests(output)
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
