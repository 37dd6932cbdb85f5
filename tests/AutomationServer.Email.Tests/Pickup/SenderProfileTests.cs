using AutomationServer.Email.Tests.Support;
using AutomationServer.Sdk.Channels;
using MimeKit;

namespace AutomationServer.Email.Tests.Pickup;

/// <summary>Which sender profile sends a message, and what a message cannot be.</summary>
public sealed class SenderProfileTests : IAsyncLifetime
{
    private EmailTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new EmailTestHost(new Dictionary<string, string?>
        {
            ["DefaultSender"] = "news",
            ["Senders:news:From"] = "Acme News <news@acme.test>",
            ["Senders:news:PickupDirectory"] = "out/news",
            ["Senders:billing:From"] = "Acme Billing <billing@acme-billing.test>",
            ["Senders:billing:Domains:0"] = "acme-billing.test",
            ["Senders:billing:MessageIdDomain"] = "mx.acme-billing.test",
            ["Senders:billing:PickupDirectory"] = "out/billing",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_profile_header_chooses_the_profile_and_is_not_sent()
    {
        var message = EmailTestHost.Message(headers: new Dictionary<string, string> { ["X-Sender-Profile"] = "billing" });

        await _host.Channel.SendAsync(message, CancellationToken.None);

        var written = Written("billing", message);
        Assert.Equal("billing@acme-billing.test", written.From.Mailboxes.Single().Address);
        Assert.Equal($"{message.MessageId:N}@mx.acme-billing.test", written.MessageId);
        Assert.False(written.Headers.Contains("X-Sender-Profile"));
    }

    [Fact]
    public async Task The_from_domain_chooses_the_profile_that_claims_it_and_others_go_to_the_default()
    {
        var invoice = EmailTestHost.Message() with { From = "invoices@acme-billing.test" };
        var other = EmailTestHost.Message() with { From = "Someone <someone@elsewhere.test>" };

        await _host.Channel.SendAsync(invoice, CancellationToken.None);
        await _host.Channel.SendAsync(other, CancellationToken.None);

        Assert.Equal("invoices@acme-billing.test", Written("billing", invoice).From.Mailboxes.Single().Address);
        var fallback = Written("news", other);
        Assert.Equal("someone@elsewhere.test", fallback.From.Mailboxes.Single().Address);
        Assert.Equal($"{other.MessageId:N}@elsewhere.test", fallback.MessageId);
    }

    [Theory]
    [InlineData("not-an-address", null, null, "'not-an-address' is not an email address")]
    [InlineData("ada@example.test", "broken", null, "From 'broken' is not an email address")]
    [InlineData("ada@example.test", null, "marketing", "X-Sender-Profile 'marketing' names no sender profile")]
    public async Task A_message_that_cannot_be_an_email_fails_for_good(string to, string? from, string? profile, string error)
    {
        var headers = profile is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Sender-Profile"] = profile };

        var result = await _host.Channel.SendAsync(EmailTestHost.Message(to: to, headers: headers) with { From = from }, CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains(error, result.Error);
    }

    private MimeMessage Written(string profile, OutgoingMessage message) =>
        MimeMessage.Load(Path.Combine(_host.ContentRoot, "out", profile, $"{message.MessageId:N}.eml"));
}
