using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Api.Tests.Engine;

/// <summary>Two engines on one database (two cluster nodes): every step runs exactly once.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_nodes_draining_the_same_due_timers_finish_each_instance_once()
    {
        await using var first = await EngineHarness.CreateAsync(new Dictionary<string, string?> { ["Workflows:DueBatchSize"] = "25" });
        await using var second = await first.CreateSecondNodeAsync();
        await first.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));
        var ids = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            ids.AddRange((await first.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L, ["orderId"] = $"o{i}" })).Started);
        }

        first.Clock.Advance(TimeSpan.FromSeconds(20));
        await Task.WhenAll(Drain(first), Drain(second));

        foreach (var id in ids)
        {
            Assert.Equal(InstanceStatus.Finished, (await first.InstanceAsync(id)).Status);
            Assert.Single(await first.TraceAsync(id), step => step == "write1");
        }
    }

    [Fact]
    public async Task The_same_correlated_event_posted_on_two_nodes_at_once_resumes_each_instance_once()
    {
        await using var first = await EngineHarness.CreateAsync();
        await using var second = await first.CreateSecondNodeAsync();
        await first.PublishAsync(JourneyExecutionTests.WaitForOpenOrTimeout("email-followup"));
        var contacts = Enumerable.Range(0, 40).Select(i => $"contact-{i}").ToList();
        var ids = new List<Guid>();
        foreach (var contact in contacts)
        {
            ids.AddRange((await first.PostEventAsync("email_sent", correlationId: contact)).Started);
        }

        await Task.WhenAll(
            Task.Run(async () => { foreach (var c in contacts) await first.PostEventAsync("email_opened", correlationId: c); }),
            Task.Run(async () => { foreach (var c in contacts) await second.PostEventAsync("email_opened", correlationId: c); }));

        foreach (var id in ids)
        {
            Assert.Equal(InstanceStatus.Finished, (await first.InstanceAsync(id)).Status);
            Assert.Single(await first.TraceAsync(id), step => step == "opened");
        }
    }

    private static Task Drain(EngineHarness node) => Task.Run(async () =>
    {
        while (await node.Runtime.ProcessDueBatchAsync(CancellationToken.None) > 0)
        {
        }
    });
}
