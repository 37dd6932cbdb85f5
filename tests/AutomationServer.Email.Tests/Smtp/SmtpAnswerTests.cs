using System.Globalization;
using System.Text;
using AutomationServer.Email.Tests.Support;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Email.Tests.Smtp;

/// <summary>What the server's answers and failures mean for a message, against a scripted SMTP peer.</summary>
public sealed class SmtpAnswerTests
{
    private static Dictionary<string, string?> Settings(int port, int poolSize = 1) => new()
    {
        ["Senders:default:Transport"] = "Smtp",
        ["Senders:default:From"] = "news@acme.test",
        ["Senders:default:Smtp:Host"] = "127.0.0.1",
        ["Senders:default:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Senders:default:Smtp:Security"] = "None",
        ["Senders:default:Smtp:PoolSize"] = poolSize.ToString(CultureInfo.InvariantCulture),
        ["Senders:default:Smtp:CommandTimeout"] = "00:00:05",
        ["Senders:default:Smtp:ConnectTimeout"] = "00:00:05",
    };

    [Fact]
    public async Task A_4xx_to_the_recipient_is_retried_later_and_the_session_is_kept()
    {
        var first = true;
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "RCPT" && Interlocked.Exchange(ref first, false) ? "451 4.7.1 Greylisted, try again later" : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var deferred = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);
        var sent = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, deferred.Status);
        Assert.Contains("451", deferred.Error);
        Assert.Contains("Greylisted", deferred.Error);
        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(1, peer.Connections);
        Assert.Single(peer.Accepted);
    }

    [Fact]
    public async Task A_5xx_to_the_recipient_is_a_permanent_failure_with_the_servers_words()
    {
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "RCPT" ? "550 5.1.1 <ada@example.test>: Recipient address rejected: no such user" : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("550", result.Error);
        Assert.Contains("no such user", result.Error);
        Assert.Contains("ada@example.test", result.Error);
        Assert.Empty(peer.Accepted);
    }

    [Fact]
    public async Task A_5xx_to_the_message_data_is_a_permanent_failure()
    {
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "." ? "554 5.6.0 Message content rejected" : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("554", result.Error);
        Assert.Contains("content rejected", result.Error);
    }

    [Fact]
    public async Task A_5xx_to_the_sender_is_retried_because_it_is_a_configuration_problem_not_a_bounce()
    {
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "MAIL" ? "553 5.7.1 <news@acme.test>: Sender address rejected: not owned by user" : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("553", result.Error);
        Assert.Contains("refused the sender news@acme.test", result.Error);
    }

    [Fact]
    public async Task A_server_that_demands_authentication_is_retried_with_its_words()
    {
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "MAIL" ? "530 5.7.0 Authentication required" : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("Authentication required", result.Error);
    }

    [Fact]
    public async Task A_connection_dropped_mid_transaction_is_retried_and_the_next_send_opens_a_new_session()
    {
        using var peer = new ScriptedSmtpPeer(e => e.Verb == "MAIL" && e.Connection == 1 ? ScriptedSmtpPeer.Drop : null);
        await using var host = new EmailTestHost(Settings(peer.Port));

        var dropped = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);
        var sent = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, dropped.Status);
        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(2, peer.Connections);
        Assert.Single(peer.Accepted);
    }

    [Fact]
    public async Task An_idle_session_the_server_closed_is_noticed_before_use_and_replaced()
    {
        // The first session answers its first message, then hangs up on the next command (the NOOP of the idle check).
        var commandsAfterData = 0;
        using var peer = new ScriptedSmtpPeer(e =>
        {
            if (e.Connection == 1 && e.Verb == "NOOP")
            {
                Interlocked.Increment(ref commandsAfterData);
                return ScriptedSmtpPeer.Drop;
            }

            return null;
        });
        var settings = Settings(peer.Port);
        settings["Senders:default:Smtp:IdleCheckAfter"] = "00:00:00";
        await using var host = new EmailTestHost(settings);

        var first = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);
        var second = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal(SendStatus.Sent, second.Status);
        Assert.Equal(1, commandsAfterData);
        Assert.Equal(2, peer.Connections);
        Assert.Equal(2, peer.Accepted.Count);
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_later()
    {
        await using var host = new EmailTestHost(Settings(SmtpSink.FreePort()));

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("Could not open an SMTP session to 127.0.0.1:", result.Error);
    }

    [Fact]
    public async Task The_session_authenticates_with_the_password_from_a_plugin_secret()
    {
        using var peer = new ScriptedSmtpPeer();
        var settings = Settings(peer.Port);
        settings["Senders:default:Smtp:UserName"] = "mailer";
        settings["Senders:default:Smtp:PasswordSecret"] = "SmtpPassword";
        await using var host = new EmailTestHost(settings, new Dictionary<string, string> { ["SmtpPassword"] = "s3cret" });

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var auth = Assert.Single(peer.Received, e => e.Verb == "AUTH");
        Assert.Equal("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0mailer\0s3cret")), auth.Line);
    }

    [Fact]
    public async Task A_missing_password_secret_is_retried_with_the_setting_named()
    {
        using var peer = new ScriptedSmtpPeer();
        var settings = Settings(peer.Port);
        settings["Senders:default:Smtp:UserName"] = "mailer";
        settings["Senders:default:Smtp:PasswordSecret"] = "SmtpPassword";
        await using var host = new EmailTestHost(settings);

        var result = await host.Channel.SendAsync(EmailTestHost.Message(), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("Plugins:email:Senders:default:Smtp:PasswordSecret", result.Error);
        Assert.Contains("Plugins:email:Secrets:SmtpPassword", result.Error);
    }
}
