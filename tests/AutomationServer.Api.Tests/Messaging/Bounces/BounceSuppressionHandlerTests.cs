using AutomationServer.Api.Tests.Audience;
using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Bounces;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tests.Messaging.Bounces;

/// <summary>Bounce handling over the real host's services and its SQLite database.</summary>
public sealed class BounceSuppressionHandlerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly AudienceHost _host = new();

    private IServiceProvider Services => _host.Factory.Services;

    private ConsentService Consent => Services.GetRequiredService<ConsentService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_hard_bounce_suppresses_the_recipient_address_once()
    {
        var (contact, email) = await ContactAsync("hard");
        var message = await MessageAsync(contact, email.ToUpperInvariant());
        var bounce = Event(DeliveryEventKind.Bounced, message, "5.1.1 550 5.1.1 <x>: User unknown", BounceType.Hard);

        await Handler().HandleAsync(bounce, message, CancellationToken.None);
        await Handler().HandleAsync(bounce, message, CancellationToken.None);

        var suppression = Assert.Single(await SuppressionsAsync(email));
        Assert.Equal("hard bounce: 5.1.1 550 5.1.1 <x>: User unknown", suppression.Reason);
        Assert.Equal(ContactPermission.SuppressedAddress, (await Consent.CanContactAsync(contact, "email", "", CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task A_send_refused_with_5_1_x_is_a_hard_bounce_but_a_policy_refusal_is_not()
    {
        var (contact, email) = await ContactAsync("refused");
        var policy = await MessageAsync(contact, email);
        var unknown = await MessageAsync(contact, email);

        await Handler().HandleAsync(Event(DeliveryEventKind.Failed, policy, "554 5.7.1 Message rejected as spam"), policy, CancellationToken.None);
        Assert.Empty(await SuppressionsAsync(email));

        await Handler().HandleAsync(Event(DeliveryEventKind.Failed, unknown, "550 5.1.1 <refused@example.com>: no such user"), unknown, CancellationToken.None);
        Assert.Single(await SuppressionsAsync(email));
    }

    [Fact]
    public async Task Soft_bounces_suppress_at_the_threshold_within_the_window()
    {
        var (contact, email) = await ContactAsync("soft");
        var messages = new[] { await MessageAsync(contact, email), await MessageAsync(contact, email), await MessageAsync(contact, email) };
        var handler = Handler(threshold: 3, window: TimeSpan.FromDays(30));

        await handler.HandleAsync(Soft(messages[0], Start), messages[0], CancellationToken.None);
        await handler.HandleAsync(Soft(messages[0], Start), messages[0], CancellationToken.None);
        await handler.HandleAsync(Soft(messages[1], Start.AddDays(10)), messages[1], CancellationToken.None);
        Assert.Empty(await SuppressionsAsync(email));
        Assert.Equal(2, (await SoftBouncesAsync()).Single().Count);

        await handler.HandleAsync(Soft(messages[2], Start.AddDays(20)), messages[2], CancellationToken.None);

        var suppression = Assert.Single(await SuppressionsAsync(email));
        Assert.StartsWith("3 soft bounces within 30 days, last: 4.2.2", suppression.Reason, StringComparison.Ordinal);
        Assert.Empty(await SoftBouncesAsync());
    }

    [Fact]
    public async Task Soft_bounces_further_apart_than_the_window_start_counting_again()
    {
        var (contact, email) = await ContactAsync("spread");
        var handler = Handler(threshold: 2, window: TimeSpan.FromDays(7));
        var first = await MessageAsync(contact, email);
        var second = await MessageAsync(contact, email);
        var third = await MessageAsync(contact, email);

        await handler.HandleAsync(Soft(first, Start), first, CancellationToken.None);
        await handler.HandleAsync(Soft(second, Start.AddDays(8)), second, CancellationToken.None);
        Assert.Empty(await SuppressionsAsync(email));
        var row = Assert.Single(await SoftBouncesAsync());
        Assert.Equal((1, Start.AddDays(8).UtcDateTime), (row.Count, row.FirstAt));
        Assert.Equal(SuppressedAddress.Hashed(email), row.AddressHash);

        await handler.HandleAsync(Soft(third, Start.AddDays(9)), third, CancellationToken.None);
        Assert.Single(await SuppressionsAsync(email));
    }

    [Fact]
    public async Task A_complaint_suppresses_the_address_and_unsubscribes_the_contact()
    {
        var (contact, email) = await ContactAsync("complaint");
        await Consent.SetAsync(contact, new ConsentInput("email", "", "Subscribed", "signup-form"), CancellationToken.None);
        var message = await MessageAsync(contact, email);

        await Handler().HandleAsync(Event(DeliveryEventKind.Complained, message, "abuse"), message, CancellationToken.None);

        Assert.Equal("complaint: abuse", Assert.Single(await SuppressionsAsync(email)).Reason);
        var consent = Assert.Single((await Consent.ListAsync(contact, CancellationToken.None))!);
        Assert.Equal((ConsentStatus.Unsubscribed, "complaint"), (consent.Status, consent.Source));
    }

    [Fact]
    public async Task Other_events_and_unknown_messages_change_nothing()
    {
        var (contact, email) = await ContactAsync("other");
        var message = await MessageAsync(contact, email);

        await Handler().HandleAsync(Event(DeliveryEventKind.Opened, message, null), message, CancellationToken.None);
        await Handler().HandleAsync(Event(DeliveryEventKind.Failed, message, "550 5.1.1 no such user", channel: "webhook"), message, CancellationToken.None);
        var unknown = Guid.NewGuid();
        await Handler().HandleAsync(Event(DeliveryEventKind.Bounced, unknown, "5.1.1 gone", BounceType.Hard), unknown, CancellationToken.None);

        Assert.Empty(await SuppressionsAsync(email));
    }

    [Theory]
    [InlineData(DeliveryEventKind.Bounced, null, "5.1.1 user unknown", BounceOutcome.Hard)]
    [InlineData(DeliveryEventKind.Bounced, null, "4.2.2 mailbox full", BounceOutcome.Soft)]
    [InlineData(DeliveryEventKind.Bounced, null, "5.7.1 blocked", BounceOutcome.Soft)]
    [InlineData(DeliveryEventKind.Bounced, BounceType.Hard, "no code", BounceOutcome.Hard)]
    [InlineData(DeliveryEventKind.Failed, null, "550 5.1.10 RecipientNotFound", BounceOutcome.Hard)]
    [InlineData(DeliveryEventKind.Failed, null, "421 4.1.1 try later", BounceOutcome.None)]
    [InlineData(DeliveryEventKind.Failed, null, "connection refused at 10.5.1.1", BounceOutcome.None)]
    [InlineData(DeliveryEventKind.Complained, null, "abuse", BounceOutcome.Complaint)]
    [InlineData(DeliveryEventKind.Delivered, null, null, BounceOutcome.None)]
    public void Events_are_classified(DeliveryEventKind kind, BounceType? bounce, string? detail, BounceOutcome expected) =>
        Assert.Equal(expected, BounceSuppressionHandler.Classify(Event(kind, Guid.NewGuid(), detail, bounce)));

    private BounceSuppressionHandler Handler(int threshold = 3, TimeSpan? window = null) =>
        ActivatorUtilities.CreateInstance<BounceSuppressionHandler>(Services,
            Options.Create(new BounceHandlingOptions { SoftBounceThreshold = threshold, SoftBounceWindow = window ?? TimeSpan.FromDays(30) }));

    private static DeliveryEvent Soft(Guid message, DateTimeOffset at) =>
        Event(DeliveryEventKind.Bounced, message, "4.2.2 552 mailbox full", BounceType.Soft) with { OccurredAt = at };

    private static DeliveryEvent Event(DeliveryEventKind kind, Guid message, string? detail, BounceType? bounce = null, string channel = "email") => new()
    {
        Channel = channel,
        Kind = kind,
        MessageId = message,
        OccurredAt = Start,
        Detail = detail,
        Bounce = bounce,
    };

    private async Task<(Guid Contact, string Email)> ContactAsync(string name)
    {
        var email = AudienceHost.UniqueEmail(name);
        return (await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } }), email);
    }

    private async Task<Guid> MessageAsync(Guid contact, string recipient, string channel = "email")
    {
        var now = DateTime.UtcNow;
        var record = new MessageRecord
        {
            Id = Guid.NewGuid(), Channel = channel, ContactId = contact, State = MessageState.Sent, Recipient = recipient,
            DueAt = now, CreatedAt = now, UpdatedAt = now, SentAt = now,
        };
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        db.Messages.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }

    private async Task<List<SuppressionView>> SuppressionsAsync(string email) =>
        (await Consent.ListSuppressionsAsync("email", 0, ConsentService.MaxPageSize, CancellationToken.None)).Where(s => s.Address == email).ToList();

    private async Task<List<SoftBounceRecord>> SoftBouncesAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        return await db.Set<SoftBounceRecord>().ToListAsync();
    }
}
