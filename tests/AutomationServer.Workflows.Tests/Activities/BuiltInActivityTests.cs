using System.Text.Json.Nodes;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using AutomationServer.Workflows.Tests.Support;

namespace AutomationServer.Workflows.Tests.Activities;

public sealed class BuiltInActivityTests
{
    private readonly ActivityFixture _fixture = new();

    private static JsonObject Input(string type, object? value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = JsonValue.Create(value) } };

    [Theory]
    [InlineData("getVariable('total') > 100", 250L, "True")]
    [InlineData("getVariable('total') > 100", 20L, "False")]
    public async Task Decision_leaves_through_true_or_false(string condition, long total, string expected)
    {
        var run = await _fixture.RunAsync("Elsa.FlowDecision", new() { ["condition"] = Input("JavaScript", condition) }, new Dictionary<string, object?> { ["total"] = total });

        Assert.Equal([expected], run.Outcomes);
    }

    [Fact]
    public async Task Delay_suspends_on_a_timer_due_after_the_time_span()
    {
        var run = await _fixture.RunAsync("Elsa.Delay", new() { ["timeSpan"] = Input("Literal", "00:00:20") });

        var bookmark = Assert.Single(run.Bookmarks);
        Assert.Equal(_fixture.Now.UtcDateTime.AddSeconds(20), bookmark.DueAt);
        Assert.Null(bookmark.Hash);
        Assert.Equal(InstanceStatus.Suspended, run.Status);
    }

    [Fact]
    public async Task Event_reached_mid_flow_waits_on_a_bookmark_hashed_by_its_name()
    {
        var run = await _fixture.RunAsync("Elsa.Event", new() { ["eventName"] = Input("Literal", "order_completed") });

        var bookmark = Assert.Single(run.Bookmarks);
        Assert.Equal(StimulusHasher.Hash("Elsa.Event", "order_completed"), bookmark.Hash);
        Assert.Equal("correlation-1", bookmark.CorrelationId);
        Assert.Null(bookmark.DueAt);
    }

    [Fact]
    public async Task Cron_waits_until_the_next_occurrence()
    {
        var run = await _fixture.RunAsync("Elsa.Cron", new() { ["cronExpression"] = Input("Literal", "0 9 * * *") });

        Assert.Equal(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc), Assert.Single(run.Bookmarks).DueAt);
    }

    [Fact]
    public async Task StartAt_in_the_past_continues_at_once()
    {
        var run = await _fixture.RunAsync("Elsa.StartAt", new() { ["dateTime"] = Input("Literal", "2026-01-01T00:00:00Z") });

        Assert.Equal(["Done"], run.Outcomes);
        Assert.Empty(run.Bookmarks);
    }

    [Fact]
    public async Task Fork_leaves_through_every_branch()
    {
        var run = await _fixture.RunAsync("Elsa.FlowFork", new() { ["branches"] = Input("Literal", "Email, Sms,Chat") });

        Assert.Equal(["Email", "Sms", "Chat"], run.Outcomes);
    }

    [Fact]
    public async Task Set_variable_evaluates_its_value()
    {
        var run = await _fixture.RunAsync("Elsa.SetVariable", new()
        {
            ["variable"] = new JsonObject { ["id"] = "Score", ["name"] = "Score" },
            ["value"] = Input("JavaScript", "getVariable('Score') + 5"),
        }, new Dictionary<string, object?> { ["Score"] = 10L });

        Assert.Equal(15L, Convert.ToInt64(run.Variables["Score"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_missing_activity_type_faults_with_an_incident_naming_it()
    {
        var run = await _fixture.RunAsync("Acme.Unknown");

        var incident = Assert.Single(run.Incidents);
        Assert.Contains("Acme.Unknown", incident.Message, StringComparison.Ordinal);
        Assert.Single(run.Bookmarks, b => b.Stimulus == BuiltIn.RetryStimulus);
    }

    [Fact]
    public async Task End_completes_the_workflow()
    {
        var run = await _fixture.RunAsync("Elsa.End");

        Assert.Equal(InstanceStatus.Finished, run.Status);
    }
}
