using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Plugins;

/// <summary>
/// The server as IT runs it: its built-in plugins come from the plugins folder next to the executable,
/// through the same loader as any other plugin (the host is not compiled against them).
/// </summary>
public sealed class BuiltInPluginTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("as-builtin-plugins-").FullName;

    [Fact]
    public async Task Built_in_plugins_load_from_the_server_folder_and_their_activities_run_in_a_journey()
    {
        using var receiver = new CountingHttpServer();
        receiver.Start();
        await using var server = new ServerProcess(_directory);
        await server.StartAsync();

        var plugins = (await server.SendJsonAsync(HttpMethod.Get, "/api/plugins")).GetProperty("plugins");
        Assert.Equal("Active", plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "webhook").GetProperty("status").GetString());
        Assert.Equal("Active", plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "utilities").GetProperty("status").GetString());

        await server.SendJsonAsync(HttpMethod.Post, "/api/definitions/import?publish=true", new FlowBuilder("builtin-plugins")
            .Variable("match", "Match", "Object", null)
            .Activity("start", "Elsa.Event", new() { ["eventName"] = Literal("order_note") })
            .Activity("match", "Text.Match", new()
            {
                ["text"] = JavaScript("getInput('note')"),
                ["pattern"] = Literal("order (?<number>\\d+)"),
                ["match"] = OutputTo("match"),
            })
            .Activity("send", "Webhook.Send", new() { ["url"] = Literal(receiver.Url), ["payload"] = JavaScript("({ order: getVariable('Match').number })") })
            .Activity("sent", "Elsa.SetVariable", new() { ["variable"] = Literal("Outcome"), ["value"] = Literal("sent") })
            .Activity("ignored", "Elsa.SetVariable", new() { ["variable"] = Literal("Outcome"), ["value"] = Literal("no order number") })
            .Connect("start", "Done", "match")
            .Connect("match", "Matched", "send")
            .Connect("match", "NotMatched", "ignored")
            .Connect("send", "Sent", "sent")
            .ToJson());

        var matching = await StartAsync(server, "please ship order 4711 today");
        var other = await StartAsync(server, "no number here");

        await Eventually.TrueAsync(async () => await server.InstanceStatusAsync(matching) == "Finished" && await server.InstanceStatusAsync(other) == "Finished",
            TimeSpan.FromSeconds(15), "both instances finished");
        var sent = await server.SendJsonAsync(HttpMethod.Get, $"/api/instances/{matching}");
        Assert.Equal("sent", sent.GetProperty("variables").GetProperty("Outcome").GetString());
        Assert.Equal("4711", sent.GetProperty("variables").GetProperty("Match").GetProperty("number").GetString());
        var ignored = await server.SendJsonAsync(HttpMethod.Get, $"/api/instances/{other}");
        Assert.Equal("no order number", ignored.GetProperty("variables").GetProperty("Outcome").GetString());
        Assert.Equal(1, receiver.Requests);
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

    private static async Task<Guid> StartAsync(ServerProcess server, string note)
    {
        var posted = await server.SendJsonAsync(HttpMethod.Post, "/api/events", JsonSerializer.Serialize(new { name = "order_note", payload = new { note } }));
        return posted.GetProperty("started")[0].GetGuid();
    }
}
