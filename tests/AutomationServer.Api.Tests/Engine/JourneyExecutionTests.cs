using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Engine;

/// <summary>Journey semantics on the real engine and store, with a manual clock.</summary>
public sealed class JourneyExecutionTests
{
    [Fact]
    public async Task Event_decision_delay_writeline_waits_then_finishes_after_the_delay()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));

        var posted = await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 250L, ["orderId"] = "A-1" });
        var id = Assert.Single(posted.Started);
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(id)).Status);
        Assert.Single(await engine.Instances.ListBookmarksAsync(id, CancellationToken.None));

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromSeconds(19)));
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(id)).Status);

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Equal(["event1", "decision1", "delay1:Suspended", "delay1", "write1"], await engine.TraceAsync(id));
        Assert.Empty(await engine.Instances.ListBookmarksAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Decision_false_takes_the_other_branch_and_finishes_at_once()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));

        var id = Assert.Single((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 20L })).Started);

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Equal(["event1", "decision1", "write2"], await engine.TraceAsync(id));
    }

    [Fact]
    public async Task An_event_nobody_listens_to_starts_nothing()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));

        var posted = await engine.PostEventAsync("order_cancelled");

        Assert.Empty(posted.Started);
        Assert.Empty(posted.Resumed);
    }

    [Fact]
    public async Task Wait_for_event_with_timeout_continues_on_the_event_and_cancels_the_timer()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(WaitForOpenOrTimeout("email-followup"));
        var id = Assert.Single((await engine.PostEventAsync("email_sent", correlationId: "contact-1")).Started);
        Assert.Equal(2, (await engine.Instances.ListBookmarksAsync(id, CancellationToken.None)).Count);

        var resumed = await engine.PostEventAsync("email_opened", correlationId: "contact-1");

        Assert.Equal([id], resumed.Resumed);
        var instance = await engine.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Finished, instance.Status);
        Assert.Contains("opened", await engine.TraceAsync(id));
        Assert.DoesNotContain("reminder", await engine.TraceAsync(id));
        Assert.Empty(await engine.Instances.ListBookmarksAsync(id, CancellationToken.None));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromDays(3)));
    }

    [Fact]
    public async Task Wait_for_event_with_timeout_takes_the_timeout_branch_when_nothing_comes()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(WaitForOpenOrTimeout("email-followup"));
        var id = Assert.Single((await engine.PostEventAsync("email_sent", correlationId: "contact-1")).Started);

        await engine.AdvanceAsync(TimeSpan.FromDays(2));

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Contains("reminder", await engine.TraceAsync(id));
        Assert.DoesNotContain("opened", await engine.TraceAsync(id));
        var late = await engine.PostEventAsync("email_opened", correlationId: "contact-1");
        Assert.Empty(late.Resumed);
    }

    [Fact]
    public async Task A_correlated_event_resumes_only_the_instance_with_that_correlation_id()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(WaitForOpenOrTimeout("email-followup"));
        var first = Assert.Single((await engine.PostEventAsync("email_sent", correlationId: "contact-1")).Started);
        var second = Assert.Single((await engine.PostEventAsync("email_sent", correlationId: "contact-2")).Started);

        var resumed = await engine.PostEventAsync("email_opened", correlationId: "contact-2");

        Assert.Equal([second], resumed.Resumed);
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(first)).Status);
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(second)).Status);
    }

    [Fact]
    public async Task Fork_and_join_wait_all_continues_once_both_branches_arrive()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("fork-join")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("go") })
            .Activity("fork", "Elsa.FlowFork", new() { ["branches"] = Literal("Fast,Slow") })
            .Activity("fast", "Elsa.WriteLine", new() { ["text"] = Literal("fast") })
            .Activity("slow", "Elsa.Delay", new() { ["timeSpan"] = Literal("01:00:00") })
            .Activity("join", "Elsa.FlowJoin", new() { ["mode"] = Literal("WaitAll") })
            .Activity("after", "Elsa.WriteLine", new() { ["text"] = Literal("joined") })
            .Connect("start", "Done", "fork")
            .Connect("fork", "Fast", "fast")
            .Connect("fork", "Slow", "slow")
            .Connect("fast", "Done", "join")
            .Connect("slow", "Done", "join")
            .Connect("join", "Done", "after")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("go")).Started);
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(id)).Status);
        Assert.DoesNotContain("after", await engine.TraceAsync(id));

        await engine.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Single(await engine.TraceAsync(id), step => step == "after");
    }

    [Fact]
    public async Task Switch_continues_through_the_first_matching_case_or_default()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("switch")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("tier") })
            .Activity("switch", "Elsa.FlowSwitch", new()
            {
                ["cases"] = new System.Text.Json.Nodes.JsonArray(
                    new System.Text.Json.Nodes.JsonObject { ["label"] = "High", ["condition"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "JavaScript", ["value"] = "getInput('risk') > 0.7" } },
                    new System.Text.Json.Nodes.JsonObject { ["label"] = "Medium", ["condition"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "JavaScript", ["value"] = "getInput('risk') > 0.4" } }),
                ["mode"] = Literal("MatchFirst"),
            })
            .Activity("high", "Elsa.WriteLine", new() { ["text"] = Literal("high") })
            .Activity("medium", "Elsa.WriteLine", new() { ["text"] = Literal("medium") })
            .Activity("low", "Elsa.WriteLine", new() { ["text"] = Literal("low") })
            .Connect("start", "Done", "switch")
            .Connect("switch", "High", "high")
            .Connect("switch", "Medium", "medium")
            .Connect("switch", "Default", "low")
            .ToJson());

        var high = Assert.Single((await engine.PostEventAsync("tier", new Dictionary<string, object?> { ["risk"] = 0.9 })).Started);
        var medium = Assert.Single((await engine.PostEventAsync("tier", new Dictionary<string, object?> { ["risk"] = 0.5 })).Started);
        var low = Assert.Single((await engine.PostEventAsync("tier", new Dictionary<string, object?> { ["risk"] = 0.1 })).Started);

        Assert.Equal("high", (await engine.TraceAsync(high))[^1]);
        Assert.Equal("medium", (await engine.TraceAsync(medium))[^1]);
        Assert.Equal("low", (await engine.TraceAsync(low))[^1]);
    }

    [Fact]
    public async Task Variables_are_set_by_set_variable_and_by_bound_outputs()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("variables")
            .Variable("v1", "Counter", "Int32", "1")
            .Variable("v2", "Order", "Object", null)
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("order"), ["result"] = OutputTo("v2") })
            .Activity("set", "Elsa.SetVariable", new()
            {
                ["variable"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "v1", ["name"] = "Counter" },
                ["value"] = JavaScript("getVariable('Counter') + variables.Order.items"),
            })
            .Connect("start", "Done", "set")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("order", new Dictionary<string, object?> { ["items"] = 3L })).Started);

        var details = await engine.DetailsAsync(id);
        Assert.Equal(4L, Convert.ToInt64(details.Variables["Counter"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3L, Convert.ToInt64(((IReadOnlyDictionary<string, object?>)details.Variables["Order"]!)["items"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task End_finishes_the_workflow_and_removes_waits_on_other_branches()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("end")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("go") })
            .Activity("fork", "Elsa.FlowFork", new() { ["branches"] = Literal("A,B") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("1.00:00:00") })
            .Activity("end", "Elsa.End")
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "wait")
            .Connect("fork", "B", "end")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("go")).Started);

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Empty(await engine.Instances.ListBookmarksAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_loop_with_a_delay_runs_each_round_after_its_wait()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("loop")
            .Variable("v1", "Round", "Int32", "0")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("loop") })
            .Activity("count", "Elsa.SetVariable", new() { ["variable"] = Literal("Round"), ["value"] = JavaScript("getVariable('Round') + 1") })
            .Activity("more", "Elsa.FlowDecision", new() { ["condition"] = JavaScript("getVariable('Round') < 3") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("00:10:00") })
            .Activity("done", "Elsa.WriteLine", new() { ["text"] = Literal("done") })
            .Connect("start", "Done", "count")
            .Connect("count", "Done", "more")
            .Connect("more", "True", "wait")
            .Connect("wait", "Done", "count")
            .Connect("more", "False", "done")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("loop")).Started);
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(id)).Status);
            Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));
        }

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Equal(3L, Convert.ToInt64((await engine.DetailsAsync(id)).Variables["Round"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Running_instances_stay_on_their_version_when_a_new_version_is_published()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var definitionId = await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));
        var onV1 = Assert.Single((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L })).Started);

        var changed = Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json").Replace("00:00:20", "01:00:00", StringComparison.Ordinal);
        await engine.Definitions.SaveDraftAsync(changed, definitionId, CancellationToken.None);
        var v2 = await engine.Definitions.PublishAsync(definitionId, CancellationToken.None);
        Assert.Equal(2, v2.Version);
        var onV2 = Assert.Single((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L })).Started);

        await engine.AdvanceAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, (await engine.InstanceAsync(onV1)).DefinitionVersion);
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(onV1)).Status);
        Assert.Equal(2, (await engine.InstanceAsync(onV2)).DefinitionVersion);
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(onV2)).Status);
    }

    [Fact]
    public async Task Retracting_stops_new_instances_but_waiting_ones_finish()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var definitionId = await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));
        var waiting = Assert.Single((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L })).Started);

        await engine.Definitions.RetractAsync(definitionId, CancellationToken.None);

        Assert.Empty((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L })).Started);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(waiting)).Status);
    }

    [Fact]
    public async Task Cancel_removes_the_waits_of_an_instance()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json"));
        var id = Assert.Single((await engine.PostEventAsync("order_placed", new Dictionary<string, object?> { ["total"] = 500L })).Started);

        Assert.True(await engine.Runtime.CancelAsync(id, CancellationToken.None));

        Assert.Equal(InstanceStatus.Cancelled, (await engine.InstanceAsync(id)).Status);
        Assert.Empty(await engine.Instances.ListBookmarksAsync(id, CancellationToken.None));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));
        Assert.False(await engine.Runtime.CancelAsync(id, CancellationToken.None));
    }

    internal static string WaitForOpenOrTimeout(string definitionId) => new FlowBuilder(definitionId)
        .Activity("sent", "Elsa.Event", new() { ["eventName"] = Literal("email_sent") })
        .Activity("fork", "Elsa.FlowFork", new() { ["branches"] = Literal("Open,Timeout") })
        .Activity("open", "Elsa.Event", new() { ["eventName"] = Literal("email_opened") })
        .Activity("timeout", "Elsa.Delay", new() { ["timeSpan"] = Literal("2.00:00:00") })
        .Activity("join", "Elsa.FlowJoin", new() { ["mode"] = Literal("WaitAny") })
        .Activity("opened", "Elsa.WriteLine", new() { ["text"] = Literal("opened") })
        .Activity("reminder", "Elsa.WriteLine", new() { ["text"] = Literal("send SMS reminder") })
        .Connect("sent", "Done", "fork")
        .Connect("fork", "Open", "open")
        .Connect("fork", "Timeout", "timeout")
        .Connect("open", "Done", "opened")
        .Connect("timeout", "Done", "reminder")
        .Connect("opened", "Done", "join")
        .Connect("reminder", "Done", "join")
        .ToJson();
}
