using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Audience;

/// <summary>Points rules, stages and the score and stage triggers through the real host.</summary>
public sealed class ScoringApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly AudienceHost _host = AudienceHost.With(new() { ["Audience:SegmentReconcileInterval"] = "00:00:00", ["Audience:Scoring:PassInterval"] = "00:00:00" });

    private HttpClient Client => _host.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_event_rule_awards_points_once_even_when_the_event_is_replayed_with_its_idempotency_key()
    {
        await _host.PostOkAsync("/api/audience/scoring/rules", new { id = "demo", name = "Demo requested", kind = "event", points = 20, @event = new { name = "demo_requested" } });
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("demo") } }, score = 5 });

        await TrackAsync(contact, "demo_requested", "demo-1");
        await TrackAsync(contact, "demo_requested", "demo-1");

        Assert.Equal(25, await ScoreAsync(contact));
        var changes = await TimelineAsync(contact, "score_changed");
        var change = Assert.Single(changes);
        Assert.Equal((5, 25, 20, "demo"), (change.GetProperty("from").GetInt32(), change.GetProperty("to").GetInt32(), change.GetProperty("delta").GetInt32(), change.GetProperty("ruleId").GetString()));
        var rule = await _host.GetJsonAsync("/api/audience/scoring/rules/demo");
        Assert.Equal("demo_requested", rule.GetProperty("event").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_score_crossed_journey_starts_once_when_the_score_rises_past_its_threshold()
    {
        await _host.PostOkAsync("/api/audience/scoring/rules", new { id = "demo", name = "Demo", kind = "event", points = 20, @event = new { name = "demo_requested" } });
        await _host.PostOkAsync("/api/audience/scoring/rules", new { id = "webinar", name = "Webinar", kind = "event", points = 10, @event = new { name = "webinar_joined" } });
        await PublishAsync("hot-lead", "Audience.ScoreCrossed", new() { ["threshold"] = Literal(50) });
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("hot") } }, score = 40 });

        await TrackAsync(contact, "demo_requested");
        await Eventually.TrueAsync(async () => await InstancesAsync("hot-lead", contact) == 1, Timeout, "40 → 60 started the journey");

        await TrackAsync(contact, "webinar_joined");
        Assert.Equal(70, await ScoreAsync(contact));
        await Task.Delay(300);
        Assert.Equal(1, await InstancesAsync("hot-lead", contact));
    }

    [Fact]
    public async Task Stage_rules_move_a_contact_and_a_stage_changed_journey_starts_for_its_stage_only()
    {
        using (var put = await Client.PutAsJsonAsync("/api/audience/lifecycle/stages", JsonDocument.Parse("""
            {"stages":[{"stage":"lead"},
                       {"stage":"mql","condition":{"score":{"op":"gte","value":50}}},
                       {"stage":"sql"},
                       {"stage":"customer","condition":{"event":{"name":"order_completed"}}},
                       {"stage":"churn_risk"}]}
            """).RootElement))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await _host.PostOkAsync("/api/audience/scoring/rules", new { id = "demo", name = "Demo", kind = "event", points = 60, @event = new { name = "demo_requested" } });
        await PublishAsync("welcome-customer", "Audience.LifecycleStageChanged", new() { ["to"] = Literal("customer") });
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("stage") } } });

        await TrackAsync(contact, "demo_requested");
        await Eventually.TrueAsync(async () => await StageAsync(contact) == "mql", Timeout, "the score of 60 made the contact an MQL");
        Assert.Equal(0, await InstancesAsync("welcome-customer", contact));

        await TrackAsync(contact, "order_completed");
        await Eventually.TrueAsync(async () => await InstancesAsync("welcome-customer", contact) == 1, Timeout, "becoming a customer started the journey");
        Assert.Equal("customer", await StageAsync(contact));
        var stages = await TimelineAsync(contact, "stage_changed");
        Assert.Equal([("mql", "customer"), (null, "mql")], stages.Select(s => (s.GetProperty("from").GetString(), s.GetProperty("to").GetString())));
    }

    [Fact]
    public async Task A_stage_and_score_set_by_hand_are_recorded_as_changes_and_start_stage_journeys()
    {
        await PublishAsync("won-by-hand", "Audience.LifecycleStageChanged", new() { ["to"] = Literal("customer") });
        var email = AudienceHost.UniqueEmail("manual");
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });

        using (var put = await Client.PutAsJsonAsync($"/api/audience/contacts/{contact}", new { identities = new[] { new { kind = "email", value = email } }, lifecycleStage = "customer", score = 25 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await Eventually.TrueAsync(async () => await InstancesAsync("won-by-hand", contact) == 1, Timeout, "the stage set by hand started the journey");
        var stage = Assert.Single(await TimelineAsync(contact, "stage_changed"));
        Assert.Equal(("customer", "manual"), (stage.GetProperty("to").GetString(), stage.GetProperty("reason").GetString()));
        var score = Assert.Single(await TimelineAsync(contact, "score_changed"));
        Assert.Equal((0, 25), (score.GetProperty("from").GetInt32(), score.GetProperty("to").GetInt32()));
    }

    [Fact]
    public async Task An_invalid_rule_is_a_400_naming_the_json_path_of_each_problem()
    {
        using var response = await Client.PostAsJsonAsync("/api/audience/scoring/rules", JsonDocument.Parse("""
            {"id":"bad","name":"Bad","kind":"attribute","points":5,"condition":{"and":[{"score":{"op":"gte","value":1}},{"attribute":{"name":"nope","op":"eq","value":"x"}}]}}
            """).RootElement);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("condition.and[1].attribute.name", out _), problem.ToString());
        using var stages = await Client.PutAsJsonAsync("/api/audience/lifecycle/stages", JsonDocument.Parse("""{"stages":[{"stage":"lead"},{"stage":"lead"}]}""").RootElement);
        Assert.Equal(HttpStatusCode.BadRequest, stages.StatusCode);
        Assert.Contains("stages[1].stage", await stages.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task PublishAsync(string id, string trigger, System.Text.Json.Nodes.JsonObject inputs)
    {
        var journey = new FlowBuilder(id, id)
            .Activity("trigger", trigger, inputs)
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("started") })
            .Connect("trigger", "Done", "log")
            .ToJson();
        using var imported = await Client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(journey));
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
    }

    private async Task TrackAsync(Guid contact, string name, string? idempotencyKey = null) =>
        await _host.PostOkAsync("/api/audience/events", new { name, contactId = contact, idempotencyKey });

    private async Task<int> ScoreAsync(Guid contact) => (await _host.GetJsonAsync($"/api/audience/contacts/{contact}")).GetProperty("score").GetInt32();

    private async Task<string?> StageAsync(Guid contact) =>
        (await _host.GetJsonAsync($"/api/audience/contacts/{contact}")).TryGetProperty("lifecycleStage", out var stage) ? stage.GetString() : null;

    private async Task<int> InstancesAsync(string definitionId, Guid contact) =>
        (await _host.GetJsonAsync($"/api/instances?definitionId={definitionId}&correlationId={contact:N}")).GetProperty("total").GetInt32();

    private async Task<List<JsonElement>> TimelineAsync(Guid contact, string name) =>
        (await _host.GetJsonAsync($"/api/audience/contacts/{contact}/events?name={name}")).EnumerateArray().Select(e => e.GetProperty("properties").Clone()).ToList();
}
