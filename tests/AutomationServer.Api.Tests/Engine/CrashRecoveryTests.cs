using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Engine;

/// <summary>kill -9 of the real server process: waiting instances survive and every step runs once.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("as-crash-").FullName;

    [Fact]
    public async Task An_instance_waiting_in_a_delay_finishes_exactly_once_after_kill_9_and_restart()
    {
        using var webhook = new CountingHttpServer();
        webhook.Start();
        var server = new ServerProcess(_directory);
        await server.StartAsync();
        await server.SendJsonAsync(HttpMethod.Post, "/api/definitions/import?publish=true", new FlowBuilder("crash-test")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("order_placed") })
            .Activity("decide", "Elsa.FlowDecision", new() { ["condition"] = JavaScript("getInput('total') > 100") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("00:00:03") })
            .Activity("notify", "Elsa.SendHttpRequest", new() { ["url"] = Literal(webhook.Url), ["method"] = Literal("POST") })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("done") })
            .Connect("start", "Done", "decide")
            .Connect("decide", "True", "wait")
            .Connect("wait", "Done", "notify")
            .Connect("notify", "Done", "log")
            .ToJson());

        var posted = await server.SendJsonAsync(HttpMethod.Post, "/api/events", JsonSerializer.Serialize(new { name = "order_placed", payload = new { total = 250 } }));
        var id = posted.GetProperty("started")[0].GetGuid();
        Assert.Equal("Suspended", await server.InstanceStatusAsync(id));

        server.Kill();
        await server.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(0, webhook.Requests);

        await using var restarted = new ServerProcess(_directory);
        await restarted.StartAsync();
        await WaitUntilAsync(async () => await restarted.InstanceStatusAsync(id) == "Finished", TimeSpan.FromSeconds(30));

        Assert.Equal(1, webhook.Requests);
        var journal = await restarted.SendJsonAsync(HttpMethod.Get, $"/api/instances/{id}/journal");
        Assert.Single(journal.EnumerateArray(), step => step.GetProperty("activityId").GetString() == "log");
    }

    [Fact]
    public async Task Killing_the_server_while_it_resumes_a_backlog_loses_nothing_and_repeats_nothing()
    {
        // Claims of a killed process expire after the lease; a short one keeps the test short.
        await using var server = new ServerProcess(_directory, new Dictionary<string, string> { ["Workflows__ClaimLease"] = "00:00:03" });
        await server.StartAsync();
        await server.SendJsonAsync(HttpMethod.Post, "/api/definitions/import?publish=true", new FlowBuilder("crash-backlog")
            .Variable("v1", "Steps", "Int32", "0")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("signup") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("00:00:02") })
            .Activity("count", "Elsa.SetVariable", new() { ["variable"] = Literal("Steps"), ["value"] = JavaScript("getVariable('Steps') + 1") })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("welcome") })
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "count")
            .Connect("count", "Done", "log")
            .ToJson());

        const int contacts = 3000;
        for (var batch = 0; batch < contacts / 1000; batch++)
        {
            await server.PostEventsAsync(Enumerable.Range(batch * 1000, 1000).Select(i => new { name = "signup", correlationId = $"c{i}" }));
        }

        // Kill repeatedly while the backlog becomes due and is being resumed.
        for (var round = 0; round < 3; round++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1200 + (round * 500)));
            server.Kill();
            await server.StartAsync();
        }

        await WaitUntilAsync(async () => await CountAsync(server, "Finished") == contacts, TimeSpan.FromSeconds(90));

        var page = await server.SendJsonAsync(HttpMethod.Get, "/api/instances?definitionId=crash-backlog&take=500");
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var details = await server.SendJsonAsync(HttpMethod.Get, $"/api/instances/{item.GetProperty("id").GetGuid()}");
            Assert.Equal(1, details.GetProperty("variables").GetProperty("Steps").GetInt32());
            Assert.Single(details.GetProperty("journal").EnumerateArray(), step => step.GetProperty("activityId").GetString() == "log");
        }
    }

    [Fact]
    public async Task A_graceful_stop_in_the_middle_of_resuming_a_backlog_loses_and_repeats_nothing()
    {
        // Small batches and a short scan budget spread the backlog over many scans, so the stop lands in it.
        await using var server = new ServerProcess(_directory, new Dictionary<string, string>
        {
            ["Workflows__DueBatchSize"] = "50",
            ["Scheduling__DueBookmarkScanBudget"] = "00:00:00.020",
        });
        await server.StartAsync();
        await server.SendJsonAsync(HttpMethod.Post, "/api/definitions/import?publish=true", new FlowBuilder("stop-backlog")
            .Variable("v1", "Steps", "Int32", "0")
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("trial_started") })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("00:00:02") })
            .Activity("count", "Elsa.SetVariable", new() { ["variable"] = Literal("Steps"), ["value"] = JavaScript("getVariable('Steps') + 1") })
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "count")
            .ToJson());

        const int contacts = 3000;
        for (var batch = 0; batch < contacts / 1000; batch++)
        {
            await server.PostEventsAsync(Enumerable.Range(batch * 1000, 1000).Select(i => new { name = "trial_started", correlationId = $"t{i}" }));
        }

        // Stop while the timers are due and being resumed in batches.
        await WaitUntilAsync(async () => await CountAsync(server, "Finished") > 0, TimeSpan.FromSeconds(30));
        var exitCode = await server.StopGracefullyAsync(TimeSpan.FromSeconds(35));
        Assert.Equal(0, exitCode);
        await server.StartAsync();
        var finishedBeforeStop = await CountAsync(server, "Finished");
        Assert.True(finishedBeforeStop < contacts, $"the backlog was already resumed ({finishedBeforeStop}) before the stop; the test did not stop in the middle of it");
        await WaitUntilAsync(async () => await CountAsync(server, "Finished") == contacts, TimeSpan.FromSeconds(90));

        // Every instance ran its step once: a repeated step would leave Steps = 2.
        for (var skip = 0; skip < contacts; skip += 500)
        {
            var page = await server.SendJsonAsync(HttpMethod.Get, $"/api/instances?definitionId=stop-backlog&skip={skip}&take=500");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var details = await server.SendJsonAsync(HttpMethod.Get, $"/api/instances/{item.GetProperty("id").GetGuid()}");
                Assert.Equal(1, details.GetProperty("variables").GetProperty("Steps").GetInt32());
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<int> CountAsync(ServerProcess server, string status) =>
        (await server.SendJsonAsync(HttpMethod.Get, $"/api/instances?status={status}&take=1")).GetProperty("total").GetInt32();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {timeout}.");
            }

            await Task.Delay(200);
        }
    }
}
