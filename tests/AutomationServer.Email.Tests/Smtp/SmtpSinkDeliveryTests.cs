using AutomationPlugins.Email.Transport;
using AutomationServer.Email.Tests.Support;
using AutomationServer.Sdk.Channels;
using MimeKit;

namespace AutomationServer.Email.Tests.Smtp;

/// <summary>Delivery over SMTP to postfix's smtp-sink on loopback: what arrives, and that the pool sends in parallel without doubling anything.</summary>
public sealed class SmtpSinkDeliveryTests
{
    private static Dictionary<string, string?> Settings(int port, int poolSize = 4) => new()
    {
        ["Senders:news:Transport"] = "Smtp",
        ["Senders:news:From"] = "Acme News <news@acme.test>",
        ["Senders:news:ReturnPath"] = "bounces@acme.test",
        ["Senders:news:Smtp:Host"] = "127.0.0.1",
        ["Senders:news:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Senders:news:Smtp:Security"] = "None",
        ["Senders:news:Smtp:PoolSize"] = poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [SmtpSinkFact]
    public async Task A_message_arrives_with_its_headers_envelope_and_both_parts()
    {
        using var sink = await SmtpSink.StartAsync();
        await using var host = new EmailTestHost(Settings(sink.Port));
        var message = EmailTestHost.Message(headers: new Dictionary<string, string>
        {
            ["Reply-To"] = "Support <help@acme.test>",
            ["List-Unsubscribe"] = "<https://mail.acme.test/u/abc123>, <mailto:unsubscribe@acme.test?subject=abc123>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["X-Campaign"] = "welcome",
        });

        var result = await host.Channel.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal($"{message.MessageId:N}@acme.test", result.ProviderMessageId);
        var file = Assert.Single(await sink.WaitForMessagesAsync(1));
        var dump = await File.ReadAllTextAsync(file);
        Assert.Contains("X-Mail-Args: <bounces@acme.test>", dump);
        Assert.Contains("X-Rcpt-Args: <ada@example.test>", dump);
        var received = MimeMessage.Load(file);
        Assert.Equal($"{message.MessageId:N}@acme.test", received.MessageId);
        Assert.Equal("news@acme.test", received.From.Mailboxes.Single().Address);
        Assert.Equal("ada@example.test", received.To.Mailboxes.Single().Address);
        Assert.Equal("help@acme.test", received.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("Welcome, Ada", received.Subject);
        Assert.Equal("<https://mail.acme.test/u/abc123>, <mailto:unsubscribe@acme.test?subject=abc123>", received.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("welcome", received.Headers["X-Campaign"]);
        var alternative = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType).ToArray());
        Assert.Contains("thanks for signing up", received.TextBody);
        Assert.Contains("<b>Ada</b>", received.HtmlBody);
    }

    [SmtpSinkFact]
    public async Task Two_hundred_concurrent_sends_share_the_pool_and_each_arrives_exactly_once()
    {
        using var sink = await SmtpSink.StartAsync();
        await using var host = new EmailTestHost(Settings(sink.Port, poolSize: 4));
        var messages = Enumerable.Range(0, 200).Select(i => EmailTestHost.Message(to: $"contact{i}@example.test")).ToList();

        var results = await Task.WhenAll(messages.Select(m => Task.Run(async () => await host.Channel.SendAsync(m, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        var files = await sink.WaitForMessagesAsync(200);
        var ids = files.Select(f => MimeMessage.Load(f).MessageId).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(messages.Select(m => $"{m.MessageId:N}@acme.test").Order(), ids.Order());
        var pool = ((SmtpTransport)host.Profiles.All["news"].Transport).Pool;
        Assert.InRange(pool.ConnectionsOpened, 2, 4);
    }

    [SmtpSinkFact]
    public async Task An_idle_session_is_checked_with_noop_and_reused()
    {
        using var sink = await SmtpSink.StartAsync();
        var settings = Settings(sink.Port, poolSize: 1);
        settings["Senders:news:Smtp:IdleCheckAfter"] = "00:00:00";
        await using var host = new EmailTestHost(settings);

        Assert.Equal(SendStatus.Sent, (await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None)).Status);
        var pool = ((SmtpTransport)host.Profiles.All["news"].Transport).Pool;
        Assert.Equal(1, pool.ConnectionsOpened);
        Assert.Equal(SendStatus.Sent, (await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None)).Status);
        Assert.Equal(1, pool.ConnectionsOpened);
        Assert.Equal(2, (await sink.WaitForMessagesAsync(2)).Count);
    }
}
