using AutomationServer.Plugins;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Stimuli;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class StimulusAndEventSourceTests(PluginHostFixture host)
{
    private readonly HttpClient _client = host.Factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_published_event_starts_the_workflow_triggered_by_it_with_the_payload_as_input()
    {
        await PublishEventFlowAsync("plugin-order-flow", "plugin-order-placed");
        var publisher = host.Services.GetRequiredService<IStimulusPublisher>();

        var result = await publisher.PublishAsync([StimulusMessage.Event("plugin-order-placed", new { orderId = "o-17", total = 12.5 })], CancellationToken.None);
        var nothing = await publisher.PublishAsync([StimulusMessage.Event("no-workflow-listens")], CancellationToken.None);

        Assert.Equal(new PublishResult(1, 0), result);
        Assert.Equal(new PublishResult(0, 0), nothing);
        var (instances, _) = await host.Services.GetRequiredService<IWorkflowInstanceStore>()
            .ListAsync(new InstanceQuery("plugin-order-flow"), CancellationToken.None);
        var instance = Assert.Single(instances);
        Assert.Equal(InstanceStatus.Finished, instance.Status);
        Assert.Contains("o-17", instance.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_stimuli_are_refused_before_anything_is_dispatched()
    {
        var publisher = host.Services.GetRequiredService<IStimulusPublisher>();

        var noName = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await publisher.PublishAsync([StimulusMessage.Event("ok"), new StimulusMessage(" ", "key")], CancellationToken.None));
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await publisher.PublishAsync(Enumerable.Repeat(StimulusMessage.Event("x"), StimulusPublisher.MaxBatch + 1).ToList(), CancellationToken.None));

        Assert.Contains("stimuli[1].Name is required", noName.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10000", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_source_that_failed_is_restarted_and_then_starts_workflows()
    {
        await PublishEventFlowAsync("from-event-source-flow", "from-event-source");
        TestPluginProbe.PublishAllowed.TrySetResult();

        var published = await TestPluginProbe.Published.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, published.Started);
        Assert.Equal(2, Volatile.Read(ref TestPluginProbe.EventSourceRuns));
        var state = Assert.Single(host.Services.GetRequiredService<EventSourceMonitor>().GetStates(PluginHostFixture.PluginId));
        Assert.Equal(EventSourceStatus.Running, state.Status);
        Assert.Equal(typeof(FlakyEventSource).FullName, state.Source);
        Assert.Equal(1, state.Failures);
        Assert.Contains(FlakyEventSource.FirstRunError, state.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_delays_double_up_to_the_cap()
    {
        var options = new PluginHostOptions { EventSourceRestartDelay = TimeSpan.FromSeconds(1), EventSourceMaxRestartDelay = TimeSpan.FromSeconds(10) };

        var delays = Enumerable.Range(1, 6).Select(failures => EventSourceHost.RestartDelay(failures, options).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
        Assert.Equal(TimeSpan.FromSeconds(10), EventSourceHost.RestartDelay(int.MaxValue, options));
    }

    private async Task PublishEventFlowAsync(string definitionId, string eventName)
    {
        var json = new FlowBuilder(definitionId)
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal(eventName) })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("started by a plugin") })
            .Connect("start", "Done", "log").ToJson();
        (await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
    }
}
