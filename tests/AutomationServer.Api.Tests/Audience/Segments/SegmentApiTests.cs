using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Audience.Segments.Membership;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Audience.Segments;

/// <summary>The segment API and triggers through the real host.</summary>
public sealed class SegmentApiTests : IAsyncLifetime
{
    private const string EngagedNotBuying = """
        {"and":[{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}},
                {"not":{"event":{"name":"order_completed","within":"30d"}}}]}
        """;

    private readonly AutomationServerFactory _factory;
    private readonly HttpClient _client;

    public SegmentApiTests()
    {
        _factory = new AutomationServerFactory { Settings = { ["Audience:SegmentReconcileInterval"] = "00:00:00" } };
        _client = _factory.CreateAuthorizedClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task An_invalid_rule_is_a_400_naming_every_problem_by_its_json_path()
    {
        using var response = await _client.PostAsync("/api/segments", AutomationServerFactory.Json("""
            {"id":"bad","name":"Bad","definition":{"and":[
              {"attribute":{"name":"missing","op":"eq","value":1}},
              {"event":{"name":"order_completed","within":"thirty days"}},
              {"score":{"op":"contains","value":1}}]}}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadAsync(response)).GetProperty("errors");
        Assert.Equal(
            ["definition.and[0].attribute.name", "definition.and[1].event.within", "definition.and[2].score.op"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/segments/bad")).StatusCode);
    }

    [Fact]
    public async Task Crud_preview_members_and_recompute()
    {
        var clicker = await ContactWithEventsAsync("email_clicked");
        await ContactWithEventsAsync("email_clicked", "order_completed");
        await ContactWithEventsAsync();

        var preview = await ReadAsync(await _client.PostAsync("/api/segments/preview", AutomationServerFactory.Json($$"""{"definition":{{EngagedNotBuying}}}""")));
        Assert.Equal(1, preview.GetProperty("count").GetInt32());
        Assert.Equal(clicker, Assert.Single(preview.GetProperty("sample").EnumerateArray()).GetGuid());
        Assert.Equal(0, (await ReadAsync(await _client.GetAsync("/api/segments"))).GetProperty("total").GetInt32());

        using var created = await _client.PostAsync("/api/segments", AutomationServerFactory.Json($$"""{"id":"engaged-not-buying","name":"Engaged but not buying","definition":{{EngagedNotBuying}}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (await ReadAsync(created)).GetProperty("memberCount").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync("/api/segments", AutomationServerFactory.Json($$"""{"id":"engaged-not-buying","name":"Again","definition":{{EngagedNotBuying}}}"""))).StatusCode);

        var members = await ReadAsync(await _client.GetAsync("/api/segments/engaged-not-buying/members?take=10"));
        Assert.Equal(clicker, Assert.Single(members.GetProperty("items").EnumerateArray()).GetProperty("contactId").GetGuid());

        using var updated = await _client.PutAsync("/api/segments/engaged-not-buying", AutomationServerFactory.Json("""{"name":"Clicked","definition":{"event":{"name":"email_clicked"}}}"""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, (await ReadAsync(updated)).GetProperty("memberCount").GetInt32());

        var recomputed = await ReadAsync(await _client.PostAsync("/api/segments/engaged-not-buying/recompute", null));
        Assert.Equal((0, 0, 2), (recomputed.GetProperty("entered").GetInt32(), recomputed.GetProperty("left").GetInt32(), recomputed.GetProperty("memberCount").GetInt32()));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/segments/engaged-not-buying")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/segments/engaged-not-buying/members")).StatusCode);
    }

    [Fact]
    public async Task An_order_moves_the_contact_out_at_once_and_a_segment_left_journey_starts_for_them()
    {
        await ReadAsync(await _client.PostAsync("/api/segments", AutomationServerFactory.Json($$"""{"id":"engaged-not-buying","name":"Engaged","definition":{{EngagedNotBuying}}}""")));
        var journey = new FlowBuilder("win-back", "Win back")
            .Activity("left", "Audience.SegmentLeft", new() { ["segmentId"] = Literal("engaged-not-buying") })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("left") })
            .Connect("left", "Done", "log")
            .ToJson();
        using (var imported = await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(journey)))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        // No recompute is called: each tracked event re-evaluates the contact's segments by itself.
        var contact = await ContactWithEventsAsync("email_clicked");
        await Eventually.TrueAsync(async () => await MemberCountAsync() == 1, TimeSpan.FromSeconds(10), "the click put the contact into the segment");
        Assert.Equal(0, await InstancesForAsync(contact));

        await TrackAsync(contact, "order_completed");
        await Eventually.TrueAsync(async () => await InstancesForAsync(contact) == 1, TimeSpan.FromSeconds(10), "the order took the contact out and started the win-back journey");
        var timeline = await ReadAsync(await _client.GetAsync($"/api/audience/contacts/{contact}/events"));
        Assert.Equal(["segment_left", "order_completed", "segment_entered", "email_clicked"], timeline.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(0, (await ReadAsync(await _client.GetAsync("/api/segments/engaged-not-buying"))).GetProperty("memberCount").GetInt32());
    }

    private async Task<int> MemberCountAsync() =>
        (await ReadAsync(await _client.GetAsync("/api/segments/engaged-not-buying"))).GetProperty("memberCount").GetInt32();

    private async Task<int> InstancesForAsync(Guid contact) =>
        (await ReadAsync(await _client.GetAsync($"/api/instances?definitionId=win-back&correlationId={contact:N}"))).GetProperty("total").GetInt32();

    private async Task<Guid> ContactWithEventsAsync(params string[] events)
    {
        using var response = await _client.PostAsJsonAsync("/api/audience/contacts", new { identities = new[] { new { kind = "email", value = $"c-{Guid.NewGuid():N}@example.com" } } });
        var id = (await ReadAsync(response)).GetProperty("id").GetGuid();
        foreach (var name in events)
        {
            await TrackAsync(id, name);
        }

        return id;
    }

    private async Task TrackAsync(Guid contact, string name)
    {
        using var response = await _client.PostAsJsonAsync("/api/audience/events", new { name, contactId = contact });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Task.Delay(5);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
