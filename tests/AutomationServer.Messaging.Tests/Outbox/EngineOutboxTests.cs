using System.Text.Json.Nodes;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using AutomationServer.Messaging.Outbox;

namespace AutomationServer.Messaging.Tests.Outbox;

/// <summary>ActivityContext.QueueMessage: the message row is written with the step's commit, or not at all.</summary>
public sealed class EngineOutboxTests
{
    [Fact]
    public async Task A_queued_message_is_committed_with_the_step_under_its_deterministic_id()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var instance = await RunAsync(host, contact, count: 1, fail: false);

        await using var db = await host.ContextAsync();
        var row = await db.Messages.SingleAsync(m => m.InstanceId == instance);
        Assert.Equal(MessageIds.For(instance, "q", 0), row.Id);
        Assert.Equal(MessageState.Queued, row.State);
        Assert.Equal(contact, row.ContactId);
        Assert.Equal("q", row.ActivityId);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, row.DueAt);
        // A step redone (same instance, node and sequence) names its message the same way: the idempotency key.
        Assert.Equal(row.Id, MessageIds.For(instance, "q", 0));
        Assert.NotEqual(row.Id, MessageIds.For(instance, "q", 1));
    }

    [Fact]
    public async Task Two_messages_queued_by_one_node_get_different_ids()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var instance = await RunAsync(host, contact, count: 2, fail: false);

        await using var db = await host.ContextAsync();
        var ids = await db.Messages.Where(m => m.InstanceId == instance).Select(m => m.Id).ToListAsync();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(new[] { MessageIds.For(instance, "q", 0), MessageIds.For(instance, "q", 1) }.Order(), ids.Order());
    }

    [Fact]
    public async Task An_activity_that_queues_then_faults_queues_nothing()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        await RunAsync(host, contact, count: 1, fail: true);

        await using var db = await host.ContextAsync();
        Assert.Equal(0, await db.Messages.CountAsync());
        Assert.Equal(1, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task A_commit_with_messages_wakes_the_dispatcher_and_the_message_is_sent()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var instance = await RunAsync(host, contact, count: 1, fail: false);

        // The commit signalled the outbox: waiting returns at once instead of after the (long) poll interval.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await host.Get<OutboxWakeup>().WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(1, await host.DrainAsync());
        var row = await host.MessageAsync(MessageIds.For(instance, "q", 0));
        Assert.Equal(MessageState.Sent, row.State);
        Assert.Equal(1, host.Channel.CallsFor(row.Id));
        Assert.Equal(row.Id, host.Channel.Sent.Single().MessageId);
    }

    private static async Task<Guid> RunAsync(OutboxTestHost host, Guid contactId, int count, bool fail)
    {
        var json = Flow(contactId, count, fail);
        var definitions = host.Get<AutomationServer.Workflows.Definitions.WorkflowDefinitionService>();
        var record = await definitions.ImportAsync(json, publish: true, CancellationToken.None);
        var blueprint = await host.Get<BlueprintProvider>().GetAsync(record.Id, CancellationToken.None);
        var instance = await host.Get<WorkflowRuntime>().StartAsync(blueprint!, null, null, CancellationToken.None);
        return instance.Id;
    }

    private static string Flow(Guid contactId, int count, bool fail)
    {
        static JsonObject Literal(string value) => new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        static JsonObject Node(string id, string type, JsonObject? inputs = null)
        {
            var node = inputs ?? [];
            node["id"] = id;
            node["nodeId"] = $"Workflow1:flowchart1:{id}";
            node["name"] = id;
            node["type"] = type;
            node["version"] = 1;
            node["customProperties"] = new JsonObject();
            node["metadata"] = new JsonObject();
            return node;
        }

        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N")[..16],
            ["definitionId"] = "outbox-" + Guid.NewGuid().ToString("N")[..8],
            ["name"] = "Outbox test",
            ["version"] = 1,
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["isLatest"] = true,
            ["isPublished"] = false,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["id"] = "flowchart1",
                ["nodeId"] = "Workflow1:flowchart1",
                ["metadata"] = new JsonObject(),
                ["customProperties"] = new JsonObject(),
                ["activities"] = new JsonArray(
                    Node("start", "Elsa.Start"),
                    Node("q", "Tests.QueueMessage", new JsonObject
                    {
                        ["contactId"] = Literal(contactId.ToString()),
                        ["count"] = Literal(count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ["fail"] = Literal(fail ? "yes" : "no"),
                    })),
                ["connections"] = new JsonArray(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = "q", ["port"] = "In" },
                }),
            },
        }.ToJsonString();
    }
}
