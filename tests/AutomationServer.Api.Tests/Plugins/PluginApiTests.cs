using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Plugins;

/// <summary>Plugins through the real host: statuses, management, and plugin activities in journeys.</summary>
public sealed class PluginApiTests : IAsyncLifetime
{
    private readonly PluginServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Broken_plugins_are_reported_with_a_reason_and_the_server_starts_with_the_rest()
    {
        foreach (var fixture in new[] { "Basic", "ThrowsInStartup", "SdkTooNew", "DotDotPath", "MissingDependency" })
        {
            _server.Plugins.Install(fixture);
        }

        var corrupt = Directory.CreateDirectory(Path.Combine(_server.Plugins.Path, "corrupt", "1.0.0")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corrupt, "plugin.json"), "{ \"id\": \"corrupt\", ");

        await _server.StartAsync();

        var plugins = await ListAsync();
        Assert.Equal("Active", Status(plugins, "fixture.basic"));
        Assert.Equal("Malfunctioned", Status(plugins, "fixture.throws"));
        Assert.Equal("NotSupported", Status(plugins, "fixture.sdk-too-new"));
        Assert.Equal("Malfunctioned", Status(plugins, "fixture.dotdot"));
        Assert.Equal("MissingDependency", Status(plugins, "fixture.missing-dependency"));
        Assert.Equal("Malfunctioned", Status(plugins, "corrupt"));
        foreach (var plugin in plugins.EnumerateArray().Where(p => p.GetProperty("status").GetString() != "Active"))
        {
            Assert.False(string.IsNullOrWhiteSpace(plugin.GetProperty("reason").GetString()), $"{plugin.GetProperty("id")} has no reason");
        }

        Assert.Contains("Fixture.Basic.Classify@1", Find(plugins, "fixture.basic").GetProperty("contributions").GetProperty("activities").EnumerateArray().Select(a => a.GetString()));
        var descriptor = JsonDocument.Parse(await _server.Management.GetStringAsync("/api/activities/Fixture.Basic.Classify")).RootElement;
        Assert.Equal("fixture.basic", descriptor.GetProperty("source").GetString());
        Assert.Equal(["High", "Low"], descriptor.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task Every_kind_of_contribution_reaches_the_server_through_the_loader()
    {
        _server.Plugins.Install("Contributions");
        await _server.StartAsync();
        Assert.Equal("Malfunctioned", Status(await ListAsync(), "fixture.contributions"));
        Assert.Contains("Plugins:fixture.contributions:Endpoint", Find(await ListAsync(), "fixture.contributions").GetProperty("reason").GetString());

        _server.Settings["Plugins:fixture.contributions:Endpoint"] = "https://crm.example.test/hook";
        await _server.StartAsync();

        var plugin = Find(await ListAsync(), "fixture.contributions");
        Assert.Equal("Active", plugin.GetProperty("status").GetString());
        var contributions = plugin.GetProperty("contributions");
        Assert.Equal(["pigeon"], contributions.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["ledger"], contributions.GetProperty("connectors").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["coin-flip"], contributions.GetProperty("modelProviders").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["sweep"], contributions.GetProperty("recurringJobs").EnumerateArray().Select(c => c.GetString()));
        Assert.True(contributions.GetProperty("endpoints").GetBoolean());
        await Eventually.TrueAsync(async () => Find(await ListAsync(), "fixture.contributions").GetProperty("eventSourceStates")
            .EnumerateArray().Any(state => state.GetProperty("status").GetString() == "Running"), TimeSpan.FromSeconds(10), "the plugin's event source runs");

        using var anonymous = _server.Factory.CreateClient();
        Assert.Equal("pong", await anonymous.GetStringAsync("/plugins/fixture.contributions/ping"));

        var sender = _server.Factory.Services.GetRequiredService<IMessageSender>();
        var result = await sender.SendAsync(new OutgoingMessage { MessageId = Guid.NewGuid(), Channel = "pigeon", To = "someone" }, CancellationToken.None);
        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.StartsWith("https://crm.example.test/hook#", result.ProviderMessageId);
    }

    [Fact]
    public async Task Plugin_management_is_for_administrators_only()
    {
        await _server.StartAsync();
        using var anonymous = _server.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Management.GetAsync("/api/plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Management.PostAsync("/api/plugins/fixture.basic/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.GetAsync("/api/plugins")).StatusCode);
    }

    [Fact]
    public async Task A_plugin_activity_runs_in_a_published_journey_and_takes_the_port_it_chose()
    {
        _server.Plugins.Install("Basic");
        await _server.StartAsync();
        var json = new FlowBuilder("plugin-journey")
            .Variable("band", "Band", "String", null)
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("scored") })
            .Activity("classify", "Fixture.Basic.Classify", new() { ["score"] = JavaScript("getInput('score')"), ["band"] = OutputTo("band") })
            .Activity("high", "Elsa.SetVariable", new() { ["variable"] = Literal("Route"), ["value"] = Literal("took High") })
            .Activity("low", "Elsa.SetVariable", new() { ["variable"] = Literal("Route"), ["value"] = Literal("took Low") })
            .Connect("start", "Done", "classify")
            .Connect("classify", "High", "high")
            .Connect("classify", "Low", "low")
            .ToJson();
        (await _server.Management.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();

        var high = await RunAsync("plugin-journey", "scored", """{ "score": 80 }""");
        var low = await RunAsync("plugin-journey", "scored", """{ "score": 20 }""");

        Assert.Equal("High", high.GetProperty("variables").GetProperty("Band").GetString());
        Assert.Equal("took High", high.GetProperty("variables").GetProperty("Route").GetString());
        Assert.Equal("Low", low.GetProperty("variables").GetProperty("Band").GetString());
        Assert.Equal("took Low", low.GetProperty("variables").GetProperty("Route").GetString());
    }

    [Fact]
    public async Task An_uploaded_package_is_installed_on_restart_and_stored_journeys_keep_their_activity_version_across_an_upgrade()
    {
        await _server.StartAsync();

        using var install = await UploadAsync(PluginServer.Package("VersionedV1"));
        Assert.Equal(HttpStatusCode.Accepted, install.StatusCode);
        var accepted = JsonDocument.Parse(await install.Content.ReadAsStringAsync()).RootElement;
        Assert.True(accepted.GetProperty("restartRequired").GetBoolean());
        Assert.Contains("restart", accepted.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Installed", Status(await ListAsync(), "fixture.versioned"));
        using (var again = await UploadAsync(PluginServer.Package("VersionedV1")))
        {
            await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        }

        await _server.StartAsync();
        Assert.Equal("Active", Status(await ListAsync(), "fixture.versioned"));
        var json = new FlowBuilder("versioned-journey")
            .Variable("text", "Text", "String", null)
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("greet") })
            .Activity("greet", "Fixture.Versioned.Greet", new() { ["text"] = OutputTo("text") })
            .Connect("start", "Done", "greet")
            .ToJson();
        (await _server.Management.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
        var before = await RunAsync("versioned-journey", "greet", "{}");
        Assert.Equal("plugin 1.0.0, activity version 1", before.GetProperty("variables").GetProperty("Text").GetString());

        using (var upgrade = await UploadAsync(PluginServer.Package("VersionedV2")))
        {
            Assert.Equal(HttpStatusCode.Accepted, upgrade.StatusCode);
        }

        await _server.StartAsync();
        var versions = JsonDocument.Parse(await _server.Admin.GetStringAsync("/api/plugins/fixture.versioned")).RootElement;
        Assert.Equal(["2.0.0:Active", "1.0.0:Superseded"], versions.EnumerateArray().Select(v => $"{v.GetProperty("version").GetString()}:{v.GetProperty("status").GetString()}"));
        var after = await RunAsync("versioned-journey", "greet", "{}");
        Assert.Equal("plugin 2.0.0, activity version 1", after.GetProperty("variables").GetProperty("Text").GetString());
    }

    [Fact]
    public async Task Invalid_uploads_are_refused_with_the_field_at_fault()
    {
        await _server.StartAsync();

        using var garbage = await UploadAsync([1, 2, 3, 4]);
        var problem = await ProblemAssert.IsProblemAsync(garbage, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("package", out _));

        using var tooNew = await UploadAsync(PluginServer.Package("SdkTooNew"));
        problem = await ProblemAssert.IsProblemAsync(tooNew, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sdkVersion", out _));

        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await ProblemAssert.IsProblemAsync(await _server.Admin.PostAsync("/api/plugins", noFile), HttpStatusCode.BadRequest);

        Assert.Empty(Directory.EnumerateDirectories(_server.Plugins.Path));
    }

    [Fact]
    public async Task Disable_enable_and_uninstall_apply_on_restart()
    {
        _server.Plugins.Install("Basic");
        await _server.StartAsync();

        using (var disable = await _server.Admin.PostAsync("/api/plugins/fixture.basic/disable", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, disable.StatusCode);
        }

        Assert.Equal("Active", Status(await ListAsync(), "fixture.basic"));
        await _server.StartAsync();
        Assert.Equal("Disabled", Status(await ListAsync(), "fixture.basic"));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Management.GetAsync("/api/activities/Fixture.Basic.Classify")).StatusCode);

        (await _server.Admin.PostAsync("/api/plugins/fixture.basic/enable", null)).EnsureSuccessStatusCode();
        await _server.StartAsync();
        Assert.Equal("Active", Status(await ListAsync(), "fixture.basic"));

        (await _server.Admin.DeleteAsync("/api/plugins/fixture.basic")).EnsureSuccessStatusCode();
        await _server.StartAsync();
        await ProblemAssert.IsProblemAsync(await _server.Admin.GetAsync("/api/plugins/fixture.basic"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _server.Admin.PostAsync("/api/plugins/no.such.plugin/disable", null), HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> ListAsync() =>
        JsonDocument.Parse(await _server.Admin.GetStringAsync("/api/plugins")).RootElement.GetProperty("plugins");

    private static JsonElement Find(JsonElement plugins, string id) =>
        plugins.EnumerateArray().First(p => p.GetProperty("id").GetString() == id);

    private static string? Status(JsonElement plugins, string id) => Find(plugins, id).GetProperty("status").GetString();

    private async Task<HttpResponseMessage> UploadAsync(byte[] package)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(package);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "package", "plugin.zip");
        return await _server.Admin.PostAsync("/api/plugins", form);
    }

    /// <summary>Posts the event and returns the details of the instance it started once that instance finished.</summary>
    private async Task<JsonElement> RunAsync(string definitionId, string eventName, string payload)
    {
        var before = await FinishedIdsAsync(definitionId);
        using var response = await _server.Management.PostAsync("/api/events", AutomationServerFactory.Json($$"""{ "name": "{{eventName}}", "payload": {{payload}} }"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Guid? started = null;
        await Eventually.TrueAsync(async () => (started = (await FinishedIdsAsync(definitionId)).Except(before).Cast<Guid?>().FirstOrDefault()) is not null,
            TimeSpan.FromSeconds(10), $"an instance of {definitionId} finished");
        return JsonDocument.Parse(await _server.Management.GetStringAsync($"/api/instances/{started}")).RootElement;
    }

    private async Task<List<Guid>> FinishedIdsAsync(string definitionId) =>
        JsonDocument.Parse(await _server.Management.GetStringAsync($"/api/instances?definitionId={definitionId}&status=Finished&take=100")).RootElement
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
