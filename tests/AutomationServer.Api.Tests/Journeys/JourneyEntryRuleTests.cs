using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Api.Tests.Journeys;

/// <summary>Entry rules (customProperties.journey.entry) decide whether a trigger starts another instance for a contact.</summary>
public sealed class JourneyEntryRuleTests
{
    [Fact]
    public async Task Once_starts_a_contact_a_single_time_ever_but_other_contacts_still_enter()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("once")));

        var first = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");
        await engine.AdvanceAsync(TimeSpan.FromHours(5));
        var again = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");
        engine.Clock.Advance(TimeSpan.FromDays(400));
        var muchLater = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");
        var other = await engine.PostEventAsync("cart_abandoned", correlationId: "bob");

        Assert.Single(first.Started);
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(first.Started[0])).Status);
        Assert.Empty(again.Started);
        Assert.Equal(1, again.Declined);
        Assert.Empty(muchLater.Started);
        Assert.Single(other.Started);
    }

    [Fact]
    public async Task Once_per_period_lets_the_contact_in_again_only_after_the_period()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("oncePer", "30d")));

        Assert.Single((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
        await engine.AdvanceAsync(TimeSpan.FromDays(29));
        Assert.Empty((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
        engine.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Single((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
        engine.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Empty((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
    }

    [Fact]
    public async Task Not_while_active_waits_until_the_running_instance_has_ended()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("notWhileActive")));

        var first = Assert.Single((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
        Assert.Empty((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
        await engine.AdvanceAsync(TimeSpan.FromHours(4));
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(first)).Status);

        Assert.Single((await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started);
    }

    [Fact]
    public async Task Always_and_no_journey_rules_start_an_instance_for_every_event()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart-always", JourneyFlows.Entry("always")));
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart-plain", journey: null));

        var first = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");
        var second = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");

        Assert.Equal(2, first.Started.Count);
        Assert.Equal(2, second.Started.Count);
    }

    [Fact]
    public async Task Two_stimuli_for_one_contact_in_a_batch_start_a_once_journey_a_single_time()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("once")));

        var result = await engine.Runtime.DispatchAsync(
        [
            new Stimulus(BuiltIn.EventType, "cart_abandoned", null, "ann"),
            new Stimulus(BuiltIn.EventType, "cart_abandoned", null, "ann"),
            new Stimulus(BuiltIn.EventType, "cart_abandoned", null, "bob"),
        ], CancellationToken.None);

        Assert.Equal(2, result.Started.Count);
        Assert.Equal(1, result.Declined);
        Assert.Empty((await engine.PostEventAsync("cart_abandoned", correlationId: "bob")).Started);
    }

    [Fact]
    public async Task A_start_redone_for_the_same_occasion_is_declined_even_when_the_journey_always_lets_contacts_in()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("always")));
        Stimulus For(string contact, string occasion) => new(BuiltIn.EventType, "cart_abandoned", null, contact) { EntryKey = occasion };

        var firstRun = await engine.Runtime.DispatchAsync([For("ann", "run-1"), For("bob", "run-1")], CancellationToken.None);
        var redone = await engine.Runtime.DispatchAsync([For("ann", "run-1"), For("bob", "run-1"), For("cid", "run-1")], CancellationToken.None);
        var nextRun = await engine.Runtime.DispatchAsync([For("ann", "run-2"), For("ann", "run-2")], CancellationToken.None);
        var unkeyed = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");

        Assert.Equal(2, firstRun.Started.Count);
        Assert.Single(redone.Started);
        Assert.Equal(2, redone.Declined);
        Assert.Single(nextRun.Started);
        Assert.Equal(1, nextRun.Declined);
        Assert.Single(unkeyed.Started);
    }

    [Fact]
    public async Task Two_nodes_redoing_the_same_occasion_start_each_contact_once()
    {
        await using var first = await EngineHarness.CreateAsync();
        await using var second = await first.CreateSecondNodeAsync();
        await first.PublishAsync(JourneyFlows.CartRecovery("cart", journey: null));
        var batch = Enumerable.Range(0, 40)
            .Select(i => new Stimulus(BuiltIn.EventType, "cart_abandoned", null, $"contact-{i}") { EntryKey = "broadcast:1" })
            .ToList();

        var results = await Task.WhenAll(
            Task.Run(() => first.Runtime.DispatchAsync(batch, CancellationToken.None)),
            Task.Run(() => second.Runtime.DispatchAsync(batch, CancellationToken.None)));

        Assert.Equal(batch.Count, results.Sum(r => r.Started.Count));
        var stored = await first.Instances.ListAsync(new InstanceQuery(DefinitionId: "cart", Take: 200), CancellationToken.None);
        Assert.Equal(batch.Count, stored.Items.Select(i => i.CorrelationId).Distinct().Count());
        Assert.Equal(batch.Count, stored.Items.Count);
    }

    [Fact]
    public async Task Instances_without_a_correlation_id_are_not_limited()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("once")));

        Assert.Single((await engine.PostEventAsync("cart_abandoned")).Started);
        Assert.Single((await engine.PostEventAsync("cart_abandoned")).Started);
    }

    [Fact]
    public async Task Two_nodes_racing_the_same_contacts_start_a_once_journey_once_per_contact()
    {
        await using var first = await EngineHarness.CreateAsync();
        await using var second = await first.CreateSecondNodeAsync();
        await first.PublishAsync(JourneyFlows.CartRecovery("cart", JourneyFlows.Entry("once")));
        var contacts = Enumerable.Range(0, 30).Select(i => $"contact-{i}").ToList();

        var results = await Task.WhenAll(
            Task.Run(async () => { var n = 0; foreach (var c in contacts) n += (await first.PostEventAsync("cart_abandoned", correlationId: c)).Started.Count; return n; }),
            Task.Run(async () => { var n = 0; foreach (var c in contacts) n += (await second.PostEventAsync("cart_abandoned", correlationId: c)).Started.Count; return n; }));

        Assert.Equal(contacts.Count, results.Sum());
        var stored = await first.Instances.ListAsync(new InstanceQuery(DefinitionId: "cart", Take: 200), CancellationToken.None);
        Assert.Equal(contacts.Count, stored.Items.Count);
        Assert.Equal(contacts.Count, stored.Items.Select(i => i.CorrelationId).Distinct().Count());
    }

    [Fact]
    public async Task Elsa_correlated_singleton_strategy_limits_like_not_while_active_unless_the_journey_says_otherwise()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var strategy = new JsonObject { ["activationStrategyType"] = "Elsa.Workflows.Runtime.ActivationValidators.CorrelatedSingletonStrategy, Elsa.Workflows.Runtime" };
        var singleton = JsonNode.Parse(JourneyFlows.CartRecovery("cart-elsa", null))!.AsObject();
        singleton["options"] = strategy.DeepClone();
        var overridden = JsonNode.Parse(JourneyFlows.CartRecovery("cart-override", JourneyFlows.Entry("always")))!.AsObject();
        overridden["options"] = strategy.DeepClone();
        await engine.PublishAsync(singleton.ToJsonString());
        await engine.PublishAsync(overridden.ToJsonString());

        Assert.Equal(2, (await engine.PostEventAsync("cart_abandoned", correlationId: "ann")).Started.Count);
        var again = await engine.PostEventAsync("cart_abandoned", correlationId: "ann");

        var started = Assert.Single(again.Started);
        Assert.Equal("cart-override", (await engine.InstanceAsync(started)).DefinitionId);
    }

    [Theory]
    [InlineData("{\"entry\":{\"mode\":\"oncePer\",\"period\":\"soon\"}}", "customProperties.journey.entry.period")]
    [InlineData("{\"entry\":{\"mode\":\"oncePer\"}}", "customProperties.journey.entry.period")]
    [InlineData("{\"entry\":{\"mode\":\"twice\"}}", "customProperties.journey.entry.mode")]
    [InlineData("{\"exit\":[{\"outcome\":\"goal\",\"event\":{\"name\":\"order_completed\"}}]}", "customProperties.journey.exit[0].name")]
    [InlineData("{\"exit\":[{\"name\":\"x\",\"outcome\":\"win\",\"event\":{\"name\":\"order_completed\"}}]}", "customProperties.journey.exit[0].outcome")]
    public async Task Invalid_journey_rules_are_refused_at_import_naming_the_path(string journey, string path)
    {
        await using var engine = await EngineHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() =>
            engine.PublishAsync(JourneyFlows.CartRecovery("cart", JsonNode.Parse(journey)!.AsObject())));

        Assert.Contains(error.Problems, p => p.Field == path);
    }
}
