using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Engine;

/// <summary>A faulting activity records an incident, is retried with back-off, and can be retried by hand.</summary>
public sealed class IncidentTests
{
    [Fact]
    public async Task A_failing_webhook_is_retried_with_backoff_then_faulted_then_retried_by_hand()
    {
        using var server = new CountingHttpServer();
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Webhook("webhook", server.Url));

        var id = Assert.Single((await engine.PostEventAsync("call")).Started);
        var incident = Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None));
        Assert.Equal(1, incident.Attempts);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(InstanceStatus.Suspended, (await engine.InstanceAsync(id)).Status);

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromSeconds(9)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(2, Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None)).Attempts);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(20)));

        var exhausted = Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None));
        Assert.Equal(3, exhausted.Attempts);
        var faulted = await engine.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Faulted, faulted.Status);
        Assert.Equal(1, faulted.IncidentCount);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromDays(1)));

        server.Start();
        Assert.True(await engine.Runtime.RetryIncidentAsync(exhausted.Id, CancellationToken.None));

        Assert.Equal(1, server.Requests);
        var finished = await engine.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Finished, finished.Status);
        Assert.Equal(0, finished.IncidentCount);
        Assert.Equal(IncidentStatus.Resolved, Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None)).Status);
        Assert.False(await engine.Runtime.RetryIncidentAsync(exhausted.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_automatic_retry_that_succeeds_resolves_the_incident()
    {
        using var server = new CountingHttpServer();
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(Webhook("webhook", server.Url));
        var id = Assert.Single((await engine.PostEventAsync("call")).Started);

        server.Start();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, server.Requests);
        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Equal(IncidentStatus.Resolved, Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_connected_failure_port_is_taken_instead_of_faulting()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("webhook-fallback")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("call") })
            .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Literal($"http://127.0.0.1:{CountingHttpServer.FreePort()}/hook"), ["method"] = Literal("POST") })
            .Activity("fallback", "Elsa.WriteLine", new() { ["text"] = Literal("CRM is down") })
            .Connect("start", "Done", "call")
            .Connect("call", "Failed to connect", "fallback")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("call")).Started);

        Assert.Equal(InstanceStatus.Finished, (await engine.InstanceAsync(id)).Status);
        Assert.Empty(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None));
        Assert.Equal("fallback", (await engine.TraceAsync(id))[^1]);
    }

    [Fact]
    public async Task An_expression_error_is_an_incident_that_names_the_problem()
    {
        await using var engine = await EngineHarness.CreateAsync();
        await engine.PublishAsync(new FlowBuilder("bad-expression")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("go") })
            .Activity("decide", "Elsa.FlowDecision", new() { ["condition"] = JavaScript("undefinedFunction()") })
            .Connect("start", "Done", "decide")
            .ToJson());

        var id = Assert.Single((await engine.PostEventAsync("go")).Started);

        var incident = Assert.Single(await engine.Instances.ListIncidentsAsync(id, CancellationToken.None));
        Assert.Equal("decide", incident.ActivityId);
        Assert.Contains("undefinedFunction", incident.Message, StringComparison.Ordinal);
    }

    private static string Webhook(string definitionId, string url) => new FlowBuilder(definitionId)
        .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("call") })
        .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Literal(url), ["method"] = Literal("POST"), ["content"] = Literal("{\"hello\":1}") })
        .Activity("done", "Elsa.WriteLine", new() { ["text"] = Literal("called") })
        .Connect("start", "Done", "call")
        .Connect("call", "Done", "done")
        .ToJson();
}
