using System.Net;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Audience;

/// <summary>The birthday journey through the real host: its scanner service runs on its own, the test only moves the clock.</summary>
public sealed class DateTriggerApiTests : IAsyncDisposable
{
    // 15 June 2026, 06:58 UTC: two minutes before 09:00 in Paris (UTC+2).
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 6, 15, 6, 58, 0, TimeSpan.Zero));
    private readonly AutomationServerFactory _factory;
    private readonly HttpClient _client;

    public DateTriggerApiTests()
    {
        _factory = new AutomationServerFactory
        {
            Settings = { ["Audience:DateTriggerScanInterval"] = "00:00:00.200", ["Audience:SegmentReconcileInterval"] = "00:00:00" },
            TestServices = services => services.AddSingleton<TimeProvider>(_clock),
        };
        _client = _factory.CreateAuthorizedClient();
    }

    [Fact]
    public async Task A_birthday_journey_starts_at_nine_in_the_contacts_time_zone_correlated_by_contact_id()
    {
        Assert.True((await _client.PostAsync("/api/audience/attributes", AutomationServerFactory.Json("""{"name":"birthday","type":"date"}"""))).IsSuccessStatusCode);
        var journey = new FlowBuilder("birthday", "Birthday")
            .Activity("born", "Audience.DateReached", new() { ["attribute"] = Literal("birthday"), ["timeOfDay"] = Literal("09:00") })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("happy birthday") })
            .Connect("born", "Done", "log")
            .ToJson();
        using (var imported = await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(journey)))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        using var created = await _client.PostAsync("/api/audience/contacts", AutomationServerFactory.Json(
            $$$"""{"identities":[{"kind":"email","value":"ada-{{{Guid.NewGuid():N}}}@example.com"}],"timeZone":"Europe/Paris","attributes":{"birthday":"1990-06-15"}}"""));
        var contact = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        // Several scans run before 09:00 Paris time; none may start the journey.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await InstancesForAsync(contact));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => await InstancesForAsync(contact) == 1, TimeSpan.FromSeconds(10), "the scanner started the birthday journey at 09:00 Paris time");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await InstancesForAsync(contact));
    }

    [Theory]
    [InlineData("repeat", "weekly")]
    [InlineData("attribute", "1st-date")]
    public async Task A_date_trigger_with_a_bad_setting_is_a_400_naming_the_node_and_field(string field, string value)
    {
        var settings = new System.Text.Json.Nodes.JsonObject { ["attribute"] = Literal("birthday") };
        settings[field] = Literal(value);
        var journey = new FlowBuilder("bad-date-" + field, "Bad date trigger")
            .Activity("born", "Audience.DateReached", settings)
            .ToJson();

        using var imported = await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(journey));

        var problem = await ProblemAssert.IsProblemAsync(imported, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("nodeId").GetString() == "born" && p.GetProperty("field").GetString() == field);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<int> InstancesForAsync(Guid contact)
    {
        var body = await _client.GetStringAsync($"/api/instances?definitionId=birthday&correlationId={contact:N}");
        return JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32();
    }
}
