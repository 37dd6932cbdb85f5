using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Messaging.Broadcasts;

/// <summary>
/// Issue 5's acceptance, against the real server process and a real SMTP server (smtp-sink): a broadcast survives a
/// kill -9 mid-send and an SMTP outage, and every contact receives exactly one message.
/// </summary>
public sealed class BroadcastCrashAcceptanceTests(ITestOutputHelper output) : IDisposable
{
    private const int Contacts = 2000;
    private readonly string _directory = Directory.CreateTempSubdirectory("as-broadcast-accept-").FullName;

    [BroadcastSinkFact]
    public async Task Killed_mid_broadcast_and_restarted_every_contact_gets_the_email_and_only_messages_in_flight_can_double()
    {
        using var sink = new BroadcastSmtpSink();
        await sink.StartAsync();
        var settings = Settings(sink, ratePerSecond: 150);
        var server = new ServerProcess(_directory, settings);
        await server.StartAsync();
        var definitionId = await PrepareAsync(server);

        var run = await server.SendJsonAsync(HttpMethod.Post, "/api/broadcasts", JsonSerializer.Serialize(new { definitionId }));
        await WaitUntilAsync(() => sink.MessageCount() >= 200, TimeSpan.FromMinutes(2), "200 messages arrived before the kill");
        server.Kill();
        var atKill = sink.MessageCount();
        output.WriteLine($"Killed the server with {atKill} of {Contacts} messages at the SMTP server.");
        Assert.InRange(atKill, 1, Contacts - 1);
        await server.DisposeAsync();

        await using var restarted = new ServerProcess(_directory, settings);
        await restarted.StartAsync();
        await WaitForCompletionAsync(restarted, run.GetProperty("id").GetGuid(), sink);

        // A hard kill can double only what was handed to SMTP and not yet recorded (docs/messaging.md): the sends in
        // flight plus one unwritten group of outcomes, at most twice the dispatcher's concurrency (8). Nothing may be lost.
        AssertEveryContactOnceAtMostDoublingInFlight(sink, maxDoubled: 2 * 8);
    }

    [BroadcastSinkFact]
    public async Task Smtp_server_down_mid_send_everything_arrives_after_it_returns_nothing_twice()
    {
        using var sink = new BroadcastSmtpSink();
        await sink.StartAsync();
        await using var server = new ServerProcess(_directory, Settings(sink, ratePerSecond: 150));
        await server.StartAsync();
        var definitionId = await PrepareAsync(server);

        var run = await server.SendJsonAsync(HttpMethod.Post, "/api/broadcasts", JsonSerializer.Serialize(new { definitionId }));
        await WaitUntilAsync(() => sink.MessageCount() >= 200, TimeSpan.FromMinutes(2), "200 messages arrived before the outage");
        sink.Stop();
        var atOutage = sink.MessageCount();
        output.WriteLine($"Stopped smtp-sink with {atOutage} of {Contacts} messages received.");
        await Task.Delay(TimeSpan.FromSeconds(20));
        Assert.True(sink.MessageCount() == atOutage, "nothing arrives while the SMTP server is down");
        await sink.StartAsync();

        await WaitForCompletionAsync(server, run.GetProperty("id").GetGuid(), sink);
        AssertExactlyOnePerContact(sink);
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

    private static Dictionary<string, string> Settings(BroadcastSmtpSink sink, int ratePerSecond) => new()
    {
        ["Plugins__email__Senders__default__Transport"] = "Smtp",
        ["Plugins__email__Senders__default__From"] = "News <news@broadcast.test>",
        ["Plugins__email__Senders__default__Smtp__Host"] = "127.0.0.1",
        ["Plugins__email__Senders__default__Smtp__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Plugins__email__Senders__default__Smtp__Security"] = "None",
        ["Plugins__email__Senders__default__Smtp__ConnectTimeout"] = "00:00:03",
        ["Plugins__email__Senders__default__Smtp__CommandTimeout"] = "00:00:05",
        ["Messaging__Policies__email__RatePerSecond"] = ratePerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messaging__Retry__Delays__0"] = "00:00:01",
        ["Messaging__Retry__Delays__1"] = "00:00:02",
        ["Messaging__Retry__Delays__2"] = "00:00:03",
        ["Messaging__Retry__MaxAttempts"] = "100",
        ["Messaging__SendTimeout"] = "00:00:10",
        ["Messaging__Dispatch__LeaseDuration"] = "00:00:30",
        ["Messaging__Dispatch__PollInterval"] = "00:00:00.200",
        ["Audience__Broadcasts__PageSize"] = "100",
        ["Audience__Broadcasts__Lease"] = "00:00:05",
        ["Audience__Broadcasts__PollInterval"] = "00:00:01",
    };

    /// <summary>2,000 contacts subscribed to the newsletter topic, a small template and the published broadcast journey.</summary>
    private static async Task<string> PrepareAsync(ServerProcess server)
    {
        var ids = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, Contacts).Chunk(500))
        {
            var body = JsonSerializer.Serialize(new { contacts = chunk.Select(i => new { identities = new[] { new { kind = "email", value = Address(i) } } }) });
            var upserted = await server.SendJsonAsync(HttpMethod.Post, "/api/audience/contacts/upsert", body);
            ids.AddRange(upserted.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contactId").GetGuid()));
        }

        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
            await server.SendJsonAsync(HttpMethod.Put, $"/api/audience/contacts/{id}/consents",
                JsonSerializer.Serialize(new { channel = "email", topic = "newsletter", status = "Subscribed", source = "acceptance test" })));

        await server.SendJsonAsync(HttpMethod.Post, "/api/templates", JsonSerializer.Serialize(new
        {
            id = "mini-newsletter", name = "Mini newsletter", channel = "email", subject = "This week",
            html = "<p>Hello {{ contact.email }}, this week's news.</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
        }));

        await server.SendJsonAsync(HttpMethod.Post, "/api/definitions/import?publish=true", new FlowBuilder("mini-newsletter", "Mini newsletter")
            .Activity("mini-newsletter-weekly", "Audience.Broadcast", new JsonObject { ["cron"] = Literal("0 8 * * 1"), ["timeZone"] = Literal("UTC") })
            .Activity("send", "Email.Send", new JsonObject
            {
                ["template"] = Literal("mini-newsletter"),
                ["topic"] = Literal("newsletter"),
                ["purpose"] = Literal("marketing"),
            })
            .Connect("mini-newsletter-weekly", "Done", "send")
            .ToJson());
        return "mini-newsletter";
    }

    private static string Address(int i) => $"reader{i:D5}@broadcast.test";

    private async Task WaitForCompletionAsync(ServerProcess server, Guid runId, BroadcastSmtpSink sink)
    {
        await WaitUntilAsync(async () =>
        {
            var run = await server.SendJsonAsync(HttpMethod.Get, $"/api/broadcasts/{runId}");
            return run.GetProperty("status").GetString() == "Completed";
        }, TimeSpan.FromMinutes(3), "the broadcast run completed");

        // Every recipient reached, then a moment for late duplicates (a redone send) to show up as well.
        var watch = Stopwatch.StartNew();
        while (sink.CountByRecipient().Count < Contacts && watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        output.WriteLine($"Messages at the SMTP server: {sink.MessageCount()}");
    }

    private void AssertEveryContactOnceAtMostDoublingInFlight(BroadcastSmtpSink sink, int maxDoubled)
    {
        var counts = sink.CountByRecipient();
        var missing = Enumerable.Range(0, Contacts).Select(Address).Where(a => !counts.ContainsKey(a)).ToList();
        var duplicates = counts.Where(c => c.Value > 1).ToList();
        output.WriteLine($"Recipients: {counts.Count}, missing: {missing.Count}, received twice or more: {duplicates.Count} ({duplicates.Sum(d => d.Value - 1)} extra messages)");
        Assert.Empty(missing);
        Assert.All(duplicates, d => Assert.Equal(2, d.Value));
        Assert.InRange(duplicates.Count, 0, maxDoubled);
        Assert.Equal(Contacts, counts.Count);
    }

    private void AssertExactlyOnePerContact(BroadcastSmtpSink sink)
    {
        var counts = sink.CountByRecipient();
        var missing = Enumerable.Range(0, Contacts).Select(Address).Where(a => !counts.ContainsKey(a)).ToList();
        var duplicates = counts.Where(c => c.Value > 1).ToList();
        output.WriteLine($"Recipients: {counts.Count}, missing: {missing.Count}, received twice or more: {duplicates.Count} ({duplicates.Sum(d => d.Value - 1)} extra messages)");
        Assert.Empty(missing);
        Assert.Empty(duplicates);
        Assert.Equal(Contacts, counts.Count);
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for: {what}.");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>Skipped when smtp-sink is not installed, unless AUTOMATION_REQUIRE_PEERS makes that a failure.</summary>
public sealed class BroadcastSinkFactAttribute : FactAttribute
{
    public BroadcastSinkFactAttribute()
    {
        if (!BroadcastSmtpSink.Available && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AUTOMATION_REQUIRE_PEERS")))
        {
            Skip = $"{BroadcastSmtpSink.Binary} is not installed (apt-get install -y postfix); set AUTOMATION_REQUIRE_PEERS=1 to make this a failure.";
        }
    }
}
