using System.Net;
using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Journeys;

/// <summary>Exit and goal conditions, wait-for-event with timeout and event property filters, over real contacts and events.</summary>
public sealed class AudienceJourneyTests
{
    private static readonly JsonObject PurchaseIsTheGoal = JsonNode.Parse(
        """{"exit": [{"name": "Purchased", "outcome": "goal", "event": {"name": "order_completed", "where": [{"property": "total", "op": "gt", "value": 100}]}}]}""")!.AsObject();

    /// <summary>Audience.EventReceived cart_abandoned → Elsa.Delay 4h → email (a WriteLine standing in for the send).</summary>
    private static string CartRecovery(string id, JsonObject? journey) => JourneyFlows.WithJourney(new FlowBuilder(id, "Cart recovery")
        .Activity("abandoned", "Audience.EventReceived", new() { ["eventName"] = Literal("cart_abandoned") })
        .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("04:00:00") })
        .Activity("email", "Elsa.WriteLine", new() { ["text"] = Literal("Your cart misses you") })
        .Connect("abandoned", "Done", "wait")
        .Connect("wait", "Done", "email")
        .ToJson(), journey?.DeepClone().AsObject());

    [Fact]
    public async Task A_purchase_during_the_delay_ends_cart_recovery_with_its_goal_and_the_email_never_runs()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        await audience.PublishAsync(CartRecovery("cart", PurchaseIsTheGoal));
        var ann = await audience.CreateContactAsync("ann@example.com");

        Assert.Equal(1, (await audience.TrackAsync(ann, "cart_abandoned")).StartedWorkflows);
        var id = Assert.Single(await audience.InstancesAsync("cart")).Id;
        await audience.AdvanceAsync(TimeSpan.FromHours(1));
        await audience.TrackAsync(ann, "order_completed", new { total = 180 });
        await audience.AdvanceAsync(TimeSpan.FromHours(3));

        var instance = await audience.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Finished, instance.Status);
        Assert.DoesNotContain("email", await audience.TraceAsync(id));
        Assert.Empty(await audience.BookmarksAsync(id));
        var exit = Assert.IsType<Dictionary<string, object?>>((await audience.DetailsAsync(id)).Output!["exit"], exactMatch: false);
        Assert.Equal("Purchased", exit["name"]?.ToString());
        Assert.Equal("goal", exit["outcome"]?.ToString());
    }

    [Fact]
    public async Task Without_a_qualifying_purchase_since_entry_the_email_is_sent()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        await audience.PublishAsync(CartRecovery("cart", PurchaseIsTheGoal));
        var ann = await audience.CreateContactAsync("ann@example.com");
        var bob = await audience.CreateContactAsync("bob@example.com");
        await audience.TrackAsync(ann, "order_completed", new { total = 500 });
        audience.Clock.Advance(TimeSpan.FromMinutes(5));

        await audience.TrackAsync(ann, "cart_abandoned");
        await audience.TrackAsync(bob, "cart_abandoned");
        await audience.AdvanceAsync(TimeSpan.FromHours(1));
        await audience.TrackAsync(bob, "order_completed", new { total = 50 });
        await audience.AdvanceAsync(TimeSpan.FromHours(3));

        foreach (var instance in await audience.InstancesAsync("cart"))
        {
            Assert.Equal(InstanceStatus.Finished, instance.Status);
            Assert.Contains("email", await audience.TraceAsync(instance.Id));
            Assert.False((await audience.DetailsAsync(instance.Id)).Output?.ContainsKey("exit") ?? false);
        }

        Assert.Equal(2, (await audience.InstancesAsync("cart")).Count);
    }

    [Fact]
    public async Task A_rule_based_exit_ends_the_journey_when_the_contact_matches_it_at_the_next_step()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        var journey = JsonNode.Parse("""{"exit": [{"name": "Opted out", "outcome": "exit", "rule": {"tag": {"op": "has", "value": "no-marketing"}}}]}""")!.AsObject();
        await audience.PublishAsync(CartRecovery("cart", journey));
        var ann = await audience.CreateContactAsync("ann@example.com");
        var bob = await audience.CreateContactAsync("bob@example.com");
        await audience.TrackAsync(ann, "cart_abandoned");
        await audience.TrackAsync(bob, "cart_abandoned");

        var contacts = audience.Services.GetRequiredService<AutomationServer.Audience.Contacts.ContactService>();
        await contacts.ReplaceAsync(ann, new([new("email", "ann@example.com")], Tags: ["no-marketing"]), null, CancellationToken.None);
        await audience.AdvanceAsync(TimeSpan.FromHours(4));

        var byContact = (await audience.InstancesAsync("cart")).ToDictionary(i => i.CorrelationId!);
        var annInstance = byContact[ann.ToString("N")].Id;
        Assert.DoesNotContain("email", await audience.TraceAsync(annInstance));
        var exit = (IReadOnlyDictionary<string, object?>)(await audience.DetailsAsync(annInstance)).Output!["exit"]!;
        Assert.Equal("exit", exit["outcome"]?.ToString());
        Assert.Contains("email", await audience.TraceAsync(byContact[bob.ToString("N")].Id));
    }

    /// <summary>cart_abandoned → wait up to 4h for an order over 100 → thanks, or → reminder.</summary>
    private static string WaitForOrder(string id) => new FlowBuilder(id, "Wait for order")
        .Activity("abandoned", "Audience.EventReceived", new() { ["eventName"] = Literal("cart_abandoned") })
        .Activity("waitOrder", "Audience.WaitForEvent", new()
        {
            ["eventName"] = Literal("order_completed"),
            ["timeout"] = Literal("4h"),
            ["where"] = Literal("""[{"property": "total", "op": "gt", "value": 100}]"""),
        })
        .Activity("thanks", "Elsa.WriteLine", new() { ["text"] = Literal("thanks") })
        .Activity("reminder", "Elsa.WriteLine", new() { ["text"] = Literal("reminder") })
        .Connect("abandoned", "Done", "waitOrder")
        .Connect("waitOrder", "Received", "thanks")
        .Connect("waitOrder", "TimedOut", "reminder")
        .ToJson();

    [Fact]
    public async Task Wait_for_event_continues_through_received_on_a_matching_event_and_drops_its_timeout()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        await audience.PublishAsync(WaitForOrder("wait-order"));
        var ann = await audience.CreateContactAsync("ann@example.com");
        await audience.TrackAsync(ann, "cart_abandoned");
        var id = Assert.Single(await audience.InstancesAsync("wait-order")).Id;
        Assert.Equal(2, (await audience.BookmarksAsync(id)).Count);

        await audience.TrackAsync(ann, "order_completed", new { total = 50 });
        Assert.Equal(InstanceStatus.Suspended, (await audience.InstanceAsync(id)).Status);
        Assert.Equal(2, (await audience.BookmarksAsync(id)).Count);
        await audience.TrackAsync(ann, "order_completed", new { total = 150 });

        Assert.Equal(InstanceStatus.Finished, (await audience.InstanceAsync(id)).Status);
        Assert.Contains("thanks", await audience.TraceAsync(id));
        Assert.Empty(await audience.BookmarksAsync(id));
        await audience.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.DoesNotContain("reminder", await audience.TraceAsync(id));
    }

    [Fact]
    public async Task Wait_for_event_times_out_and_drops_its_event_bookmark()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        await audience.PublishAsync(WaitForOrder("wait-order"));
        var ann = await audience.CreateContactAsync("ann@example.com");
        await audience.TrackAsync(ann, "cart_abandoned");
        var id = Assert.Single(await audience.InstancesAsync("wait-order")).Id;
        await audience.TrackAsync(ann, "order_completed", new { total = 20 });

        await audience.AdvanceAsync(TimeSpan.FromHours(4));

        Assert.Equal(InstanceStatus.Finished, (await audience.InstanceAsync(id)).Status);
        Assert.Contains("reminder", await audience.TraceAsync(id));
        Assert.Empty(await audience.BookmarksAsync(id));
        Assert.Equal(0, (await audience.TrackAsync(ann, "order_completed", new { total = 500 })).ResumedWorkflows);
        Assert.DoesNotContain("thanks", await audience.TraceAsync(id));
    }

    [Fact]
    public async Task Event_received_with_a_where_filter_starts_for_an_order_over_100_but_not_for_one_of_50()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        await audience.PublishAsync(new FlowBuilder("big-orders")
            .Activity("order", "Audience.EventReceived", new()
            {
                ["eventName"] = Literal("order_completed"),
                ["where"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = JsonNode.Parse("""[{"property": "total", "op": "gt", "value": 100}]""") } },
            })
            .Activity("thanks", "Elsa.WriteLine", new() { ["text"] = Literal("thanks") })
            .Connect("order", "Done", "thanks")
            .ToJson());
        var ann = await audience.CreateContactAsync("ann@example.com");

        Assert.Equal(0, (await audience.TrackAsync(ann, "order_completed", new { total = 50 })).StartedWorkflows);
        Assert.Equal(0, (await audience.TrackAsync(ann, "order_completed", new { total = "150" })).StartedWorkflows);
        Assert.Equal(1, (await audience.TrackAsync(ann, "order_completed", new { total = 150.5 })).StartedWorkflows);
    }

    [Fact]
    public async Task An_invalid_where_filter_or_exit_condition_is_refused_at_import_naming_its_place()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        var badWhere = new FlowBuilder("bad-where")
            .Activity("order", "Audience.EventReceived", new() { ["eventName"] = Literal("order_completed"), ["where"] = Literal("""[{"property": "total", "op": "bigger", "value": 1}]""") })
            .ToJson();
        var badExit = CartRecovery("bad-exit", JsonNode.Parse("""{"exit": [{"name": "x", "event": {"name": "order_completed", "where": [{"property": "total", "op": "gt", "value": "lots"}]}}]}""")!.AsObject());
        var badTimeout = WaitForOrder("bad-timeout").Replace("\"4h\"", "\"soon\"", StringComparison.Ordinal);

        var where = await Assert.ThrowsAsync<DefinitionValidationException>(() => audience.PublishAsync(badWhere));
        var exit = await Assert.ThrowsAsync<DefinitionValidationException>(() => audience.PublishAsync(badExit));
        var timeout = await Assert.ThrowsAsync<DefinitionValidationException>(() => audience.PublishAsync(badTimeout));

        Assert.Contains(where.Problems, p => p.NodeId == "order" && p.Field == "where" && p.Message.Contains("where[0].op", StringComparison.Ordinal));
        Assert.Contains(exit.Problems, p => p.Field == "customProperties.journey.exit[0].event.where[0].value");
        Assert.Contains(timeout.Problems, p => p.NodeId == "waitOrder" && p.Field == "timeout");
    }

    [Fact]
    public async Task Elsa_export_and_import_keep_the_journey_rules()
    {
        await using var audience = await AudienceJourneyHarness.CreateAsync();
        var journey = PurchaseIsTheGoal.DeepClone().AsObject();
        journey["entry"] = new JsonObject { ["mode"] = "oncePer", ["period"] = "30d" };
        await audience.PublishAsync(CartRecovery("cart", journey));

        var (_, exported) = await audience.Definitions.ExportAsync("cart", null, CancellationToken.None);
        var reimported = exported.Replace("\"cart\"", "\"cart-copy\"", StringComparison.Ordinal);
        await audience.PublishAsync(reimported);
        var (_, again) = await audience.Definitions.ExportAsync("cart-copy", null, CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(journey, JsonNode.Parse(exported)!["customProperties"]!["journey"]));
        Assert.True(JsonNode.DeepEquals(journey, JsonNode.Parse(again)!["customProperties"]!["journey"]));
    }
}

/// <summary>Journey rule problems reach API clients as 400 problem details naming the JSON path.</summary>
public sealed class JourneyRulesApiTests(AutomationServerFactory factory) : IClassFixture<AutomationServerFactory>
{
    [Fact]
    public async Task An_invalid_entry_period_is_a_400_naming_customProperties_journey_entry_period()
    {
        using var client = factory.CreateAuthorizedClient();
        var json = JourneyFlows.CartRecovery("api-bad-period", JourneyFlows.Entry("oncePer", "every now and then"));

        using var response = await client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("field").GetString() == "customProperties.journey.entry.period" && p.GetProperty("code").GetString() == "InvalidJourneyRule");
    }
}
