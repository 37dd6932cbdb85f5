using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Audience.Broadcasts;

namespace AutomationServer.Api.Tests.Messaging.Broadcasts;

/// <summary>Broadcast runs against the engine on SQLite: one instance per segment member, never two, whatever is redone.</summary>
public sealed class BroadcastRunTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "as-broadcast-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "broadcast.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up with the temp folder.
        }

        return Task.CompletedTask;
    }

    internal static string Newsletter(string definitionId, string segment) =>
        new FlowBuilder(definitionId, "Newsletter")
            .Activity("weekly", Broadcast.TypeName, new JsonObject
            {
                ["cron"] = FlowBuilder.Literal("0 8 * * 1"),
                ["timeZone"] = FlowBuilder.Literal("Europe/Berlin"),
                ["segment"] = FlowBuilder.Literal(segment),
            })
            .Activity("send", "Elsa.WriteLine", new JsonObject { ["text"] = FlowBuilder.Literal("This week's news") })
            .Connect("weekly", "Done", "send")
            .ToJson();

    [Fact]
    public async Task A_run_starts_one_instance_per_segment_member_and_nobody_else()
    {
        await using var node = await BroadcastHarness.CreateAsync(DatabasePath);
        var members = await node.CreateTaggedContactsAsync("adventure", 1200, untagged: 150);
        var definitionId = await node.PublishAsync(Newsletter("newsletter", "adventure"));

        var runId = await node.Runtime.RunTriggerAsync(await node.TriggerIdAsync(definitionId), CancellationToken.None);
        Assert.NotNull(runId);
        Assert.Equal(1, await node.Runner.RunPendingAsync(CancellationToken.None));

        var instances = await node.InstancesAsync(definitionId);
        Assert.Equal(1200, instances.Count);
        Assert.Equal(members.Select(m => m.ToString("D")).Order(), instances.Select(i => i.CorrelationId!).Order());
        var run = Assert.Single(await node.RunsAsync(definitionId));
        Assert.Equal(runId, run.Id);
        Assert.Equal(BroadcastRunStatus.Completed, run.Status);
        Assert.Equal(1200, run.Dispatched);
        Assert.Equal(1200, run.Started);
        Assert.Equal(3, node.Interrupt.Dispatches);
    }

    [Fact]
    public async Task A_page_redone_after_a_crash_between_engine_commit_and_cursor_starts_nobody_twice()
    {
        await using var node = await BroadcastHarness.CreateAsync(DatabasePath);
        await node.CreateTaggedContactsAsync("luxury", 1200);
        var definitionId = await node.PublishAsync(Newsletter("newsletter", "luxury"));
        node.Interrupt.FailAfterDispatch = 2;

        await node.Runtime.RunTriggerAsync(await node.TriggerIdAsync(definitionId), CancellationToken.None);
        await node.Runner.RunPendingAsync(CancellationToken.None);
        var interrupted = Assert.Single(await node.RunsAsync(definitionId));
        Assert.Equal(BroadcastRunStatus.Running, interrupted.Status);
        Assert.Equal(500, interrupted.Dispatched);
        Assert.Equal(1000, (await node.InstancesAsync(definitionId)).Count);

        // Before the lease runs out nobody takes the run over; after it, the second page is redone from the cursor.
        Assert.Equal(0, await node.Runner.RunPendingAsync(CancellationToken.None));
        node.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await node.Runner.RunPendingAsync(CancellationToken.None));

        var instances = await node.InstancesAsync(definitionId);
        Assert.Equal(1200, instances.Count);
        Assert.Equal(1200, instances.Select(i => i.CorrelationId).Distinct().Count());
        var run = Assert.Single(await node.RunsAsync(definitionId));
        Assert.Equal(BroadcastRunStatus.Completed, run.Status);
        Assert.Equal(1200, run.Dispatched);
        Assert.Equal(700, run.Started);
    }

    [Fact]
    public async Task Two_nodes_firing_the_same_occurrence_make_one_run()
    {
        var clock = new ManualClock();
        await using var first = await BroadcastHarness.CreateAsync(DatabasePath, clock);
        await first.CreateTaggedContactsAsync("budget", 600);
        var definitionId = await first.PublishAsync(Newsletter("newsletter", "budget"));
        await using var second = await BroadcastHarness.CreateAsync(DatabasePath, clock);
        var triggerId = await first.TriggerIdAsync(definitionId);

        var fired = await Task.WhenAll(
            first.Runtime.RunTriggerAsync(triggerId, CancellationToken.None),
            second.Runtime.RunTriggerAsync(triggerId, CancellationToken.None));
        Assert.Equal(fired[0], fired[1]);
        await Task.WhenAll(first.Runner.RunPendingAsync(CancellationToken.None), second.Runner.RunPendingAsync(CancellationToken.None));

        var run = Assert.Single(await first.RunsAsync(definitionId));
        Assert.Equal(BroadcastRunStatus.Completed, run.Status);
        var instances = await first.InstancesAsync(definitionId);
        Assert.Equal(600, instances.Count);
        Assert.Equal(600, instances.Select(i => i.CorrelationId).Distinct().Count());
    }
}
