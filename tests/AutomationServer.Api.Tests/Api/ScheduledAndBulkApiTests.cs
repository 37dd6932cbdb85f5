using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Api;

/// <summary>Through the real host: a published timer trigger starts instances via Quartz; zip export and import.</summary>
public sealed class ScheduledAndBulkApiTests(AutomationServerFactory factory) : IClassFixture<AutomationServerFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_published_timer_trigger_starts_instances_through_the_scheduler()
    {
        var json = new FlowBuilder("every-second")
            .Activity("tick", "Elsa.Timer", new() { ["interval"] = Literal("00:00:01") })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("tick") })
            .Connect("tick", "Done", "log").ToJson();
        (await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => await CountAsync("every-second", "Finished") >= 2, TimeSpan.FromSeconds(30), "the timer has started and finished two instances");

        (await _client.PostAsync("/api/definitions/every-second/retract", null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var afterRetract = await CountAsync("every-second", "Finished");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(afterRetract, await CountAsync("every-second", "Finished"));
    }

    [Fact]
    public async Task Definitions_exported_as_a_zip_import_back_as_new_versions()
    {
        foreach (var id in new[] { "zip-a", "zip-b" })
        {
            var json = new FlowBuilder(id).Activity("start", "Elsa.Event", new() { ["eventName"] = Literal(id) }).ToJson();
            (await _client.PostAsync("/api/definitions/import", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
        }

        var zip = await _client.GetByteArrayAsync("/api/definitions/export");
        using var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await _client.PostAsync("/api/definitions/import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        Assert.True(result.GetProperty("imported").GetInt32() >= 2);
        var versions = JsonDocument.Parse(await _client.GetStringAsync("/api/definitions/zip-a/versions")).RootElement;
        Assert.True(versions.GetArrayLength() >= 1);

        using var garbage = new ByteArrayContent([1, 2, 3, 4]);
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync("/api/definitions/import", garbage)).StatusCode);
    }

    private async Task<int> CountAsync(string definitionId, string status) =>
        JsonDocument.Parse(await _client.GetStringAsync($"/api/instances?definitionId={definitionId}&status={status}&take=1")).RootElement.GetProperty("total").GetInt32();
}
