using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Api;

public sealed class DefinitionApiTests : IClassFixture<AutomationServerFactory>
{
    private readonly AutomationServerFactory _factory;
    private readonly HttpClient _client;

    public DefinitionApiTests(AutomationServerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateAuthorizedClient();
    }

    [Fact]
    public async Task Import_publish_post_event_gives_a_suspended_instance_with_a_bookmark()
    {
        var json = Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json").Replace("order-followup", "api-followup", StringComparison.Ordinal).Replace("order_placed", "api_order_placed", StringComparison.Ordinal);
        using var imported = await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        using var posted = await _client.PostAsync("/api/events", AutomationServerFactory.Json("""{"name":"api_order_placed","payload":{"total":300,"orderId":"X1"},"correlationId":"contact-9"}"""));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (await ReadAsync(posted)).GetProperty("started")[0].GetGuid();

        var instance = await ReadAsync(await _client.GetAsync($"/api/instances/{id}"));
        Assert.Equal("Suspended", instance.GetProperty("instance").GetProperty("status").GetString());
        Assert.Equal("contact-9", instance.GetProperty("instance").GetProperty("correlationId").GetString());
        var bookmark = Assert.Single(instance.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal("delay1", bookmark.GetProperty("activityId").GetString());

        var listed = await ReadAsync(await _client.GetAsync("/api/instances?definitionId=api-followup&status=Suspended"));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_line_and_column()
    {
        using var response = await _client.PostAsync("/api/definitions/import", AutomationServerFactory.Json("{\n  \"name\": \"broken\",\n  \"root\": {\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        var first = problem.GetProperty("problems")[0];
        Assert.Equal("MalformedJson", first.GetProperty("code").GetString());
        Assert.Contains("line", first.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_types_dangling_connections_and_loops_without_waits_are_reported_per_node()
    {
        var json = new FlowBuilder("broken-flow")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("go") })
            .Activity("mystery", "Acme.DoesNotExist")
            .Activity("a", "Elsa.WriteLine", new() { ["text"] = Literal("a") })
            .Activity("b", "Elsa.WriteLine", new() { ["text"] = Literal("b") })
            .Connect("start", "Done", "mystery")
            .Connect("start", "Done", "a")
            .Connect("a", "Done", "b")
            .Connect("b", "Done", "a")
            .Connect("b", "Done", "ghost")
            .ToJson();

        using var response = await _client.PostAsync("/api/definitions/import", AutomationServerFactory.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await ReadAsync(response)).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "UnknownActivityType" && p.GetProperty("nodeId").GetString() == "mystery");
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "DanglingConnection");
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "LoopWithoutWait");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/definitions/broken-flow")).StatusCode);
    }

    [Fact]
    public async Task Export_gives_back_the_imported_definition()
    {
        var original = Repository.ReadTestAsset("workflows", "event-decision-delay-writeline.json").Replace("order-followup", "roundtrip", StringComparison.Ordinal);
        (await _client.PostAsync("/api/definitions/import", AutomationServerFactory.Json(original))).EnsureSuccessStatusCode();

        var exported = JsonNode.Parse(await _client.GetStringAsync("/api/definitions/roundtrip/export"))!.AsObject();

        var expected = JsonNode.Parse(original)!.AsObject();
        Assert.True(exported.ContainsKey("$schema"));
        Assert.True(JsonNode.DeepEquals(expected["root"], exported["root"]), "root differs");
        Assert.True(JsonNode.DeepEquals(expected["variables"], exported["variables"]), "variables differ");
        Assert.Equal("roundtrip", exported["definitionId"]!.GetValue<string>());
        Assert.Equal(expected["customProperties"]!.ToJsonString(), exported["customProperties"]!.ToJsonString());
    }

    [Fact]
    public async Task Drafts_versions_publish_and_revert()
    {
        var v1 = new FlowBuilder("versioned", "Versioned").Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("v") }).ToJson();
        (await _client.PutAsync("/api/definitions/versioned", AutomationServerFactory.Json(v1))).EnsureSuccessStatusCode();
        (await _client.PostAsync("/api/definitions/versioned/publish", null)).EnsureSuccessStatusCode();
        var v2 = new FlowBuilder("versioned", "Versioned again").Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("v2") }).ToJson();
        var saved = await ReadAsync(await _client.PutAsync("/api/definitions/versioned", AutomationServerFactory.Json(v2)));
        Assert.Equal(2, saved.GetProperty("definition").GetProperty("version").GetInt32());
        Assert.Equal("Draft", saved.GetProperty("definition").GetProperty("status").GetString());

        var reverted = await ReadAsync(await _client.PostAsync("/api/definitions/versioned/revert/1", null));
        Assert.Equal(3, reverted.GetProperty("version").GetInt32());
        var versions = await ReadAsync(await _client.GetAsync("/api/definitions/versioned/versions"));
        Assert.Equal(3, versions.GetArrayLength());
        var latest = await ReadAsync(await _client.GetAsync("/api/definitions/versioned"));
        Assert.Equal("Versioned", latest.GetProperty("definition").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Management_endpoints_answer_401_without_a_valid_key()
    {
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/events", AutomationServerFactory.Json("""{"name":"x"}"""))).StatusCode);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task Bad_events_are_400s_naming_the_field()
    {
        using var noName = await _client.PostAsync("/api/events", AutomationServerFactory.Json("""{"payload":{}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.True((await ReadAsync(noName)).GetProperty("errors").TryGetProperty("name", out _));

        using var batch = await _client.PostAsync("/api/events/batch", AutomationServerFactory.Json("""[{"name":"ok"},{"name":""}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.True((await ReadAsync(batch)).GetProperty("errors").TryGetProperty("[1].name", out _));

        using var malformed = await _client.PostAsync("/api/events", AutomationServerFactory.Json("{\"name\": "));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Activity_descriptors_list_the_built_in_activities_with_inputs_and_ports()
    {
        var descriptors = (await ReadAsync(await _client.GetAsync("/api/activities"))).EnumerateArray().ToList();

        var decision = Assert.Single(descriptors, d => d.GetProperty("typeName").GetString() == "Elsa.FlowDecision");
        Assert.Equal(["True", "False"], decision.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        var condition = Assert.Single(decision.GetProperty("inputs").EnumerateArray());
        Assert.Equal("condition", condition.GetProperty("name").GetString());
        Assert.True(condition.GetProperty("required").GetBoolean());
        foreach (var type in new[] { "Elsa.Start", "Elsa.End", "Elsa.Event", "Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.SetVariable", "Elsa.WriteLine", "Elsa.Delay", "Elsa.Timer", "Elsa.StartAt", "Elsa.Cron", "Elsa.SendHttpRequest", "Elsa.HttpEndpoint" })
        {
            Assert.Contains(descriptors, d => d.GetProperty("typeName").GetString() == type);
        }
    }

    [Fact]
    public async Task Deleting_a_definition_with_waiting_instances_is_a_conflict()
    {
        var json = new FlowBuilder("busy")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("busy_go") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("1.00:00:00") })
            .Connect("start", "Done", "wait").ToJson();
        (await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
        (await _client.PostAsync("/api/events", AutomationServerFactory.Json("""{"name":"busy_go"}"""))).EnsureSuccessStatusCode();

        using var response = await _client.DeleteAsync("/api/definitions/busy");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/definitions/busy")).StatusCode);
    }

    [Fact]
    public async Task An_http_endpoint_workflow_starts_from_a_request_to_its_path()
    {
        var json = new FlowBuilder("webhook-in")
            .Activity("hook", "Elsa.HttpEndpoint", new() { ["path"] = Literal("orders/new"), ["supportedMethods"] = Literal(new[] { "POST" }) })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("got it") })
            .Connect("hook", "Done", "log").ToJson();
        (await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();

        using var anonymous = _factory.CreateClient();
        using var hit = await anonymous.PostAsync("/workflows/orders/new", AutomationServerFactory.Json("""{"id":42}"""));
        Assert.Equal(HttpStatusCode.Accepted, hit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/workflows/nobody/here", AutomationServerFactory.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/workflows/orders/new")).StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
