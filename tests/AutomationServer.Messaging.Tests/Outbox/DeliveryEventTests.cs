using AutomationServer.Audience.Privacy;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Sdk.Channels;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Messaging.Tests.Outbox;

public sealed class DeliveryEventTests
{
    [Fact]
    public async Task Engagement_is_recorded_on_the_message_in_its_events_and_on_the_timeline_once()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));
        await host.DrainAsync();
        var sink = host.Get<IDeliveryEventSink>();
        var at = host.Clock.GetUtcNow();

        await sink.ReportAsync(new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Opened, MessageId = id, OccurredAt = at }, CancellationToken.None);
        var click = new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Clicked, MessageId = id, OccurredAt = at.AddMinutes(1), Detail = "https://example.com/pricing" };
        await sink.ReportAsync(click, CancellationToken.None);
        await sink.ReportAsync(click, CancellationToken.None);
        await sink.ReportAsync(click with { OccurredAt = at.AddMinutes(2), Detail = "https://example.com/docs" }, CancellationToken.None);

        var row = await host.MessageAsync(id);
        Assert.Equal(at.UtcDateTime, row.OpenedAt);
        Assert.Equal(at.UtcDateTime.AddMinutes(1), row.ClickedAt);
        var events = await host.Store.EventsAsync(id, CancellationToken.None);
        Assert.Equal([DeliveryEventKind.Opened, DeliveryEventKind.Clicked, DeliveryEventKind.Clicked], events.Select(e => e.Kind));
        var timeline = await host.TimelineAsync(contact);
        Assert.Single(timeline, e => e.Name == "email_opened");
        var clicks = timeline.Where(e => e.Name == "email_clicked").ToList();
        Assert.Equal(2, clicks.Count);
        Assert.Contains(clicks, e => e.Properties.Contains("https://example.com/pricing"));

        var summary = await host.Get<IMessageHistory>().FindAsync(id, CancellationToken.None);
        Assert.NotNull(summary);
        Assert.Equal(MessageState.Sent, summary.State);
        Assert.Equal(at, summary.OpenedAt);
        Assert.Equal(["https://example.com/pricing", "https://example.com/docs"], summary.ClickedUrls);
    }

    [Fact]
    public async Task An_event_naming_only_the_provider_id_finds_its_message_and_unknown_ones_are_dropped()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));
        await host.DrainAsync();
        var providerId = (await host.MessageAsync(id)).ProviderMessageId!;
        var sink = host.Get<IDeliveryEventSink>();
        var at = host.Clock.GetUtcNow();

        await sink.ReportAsync(new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Bounced, ProviderMessageId = providerId, OccurredAt = at, Detail = "5.1.1 user unknown" }, CancellationToken.None);
        await sink.ReportAsync(new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Delivered, ProviderMessageId = "nobody-knows", OccurredAt = at }, CancellationToken.None);
        await sink.ReportAsync(new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Delivered, MessageId = Guid.NewGuid(), OccurredAt = at }, CancellationToken.None);

        Assert.Equal(at.UtcDateTime, (await host.MessageAsync(id)).BouncedAt);
        var bounce = Assert.Single(await host.TimelineAsync(contact), e => e.Name == "email_bounced");
        Assert.Contains("5.1.1 user unknown", bounce.Properties);
        await using var db = await host.ContextAsync();
        Assert.Equal(1, await db.Set<MessageEventRecord>().CountAsync());
        Assert.Null(await host.Get<IMessageHistory>().FindAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Erasing_a_contact_deletes_its_messages_and_their_events_and_the_export_lists_them()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var other = await host.AddContactAsync("bob@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact, "For Ada"));
        var kept = await host.QueueAsync(OutboxTestHost.EmailTo(other, "For Bob"));
        await host.DrainAsync();
        await host.Get<IDeliveryEventSink>().ReportAsync(
            new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Clicked, MessageId = id, OccurredAt = host.Clock.GetUtcNow(), Detail = "https://example.com/ada" },
            CancellationToken.None);
        var privacy = host.Get<PrivacyService>();

        var export = await privacy.ExportAsync(contact, CancellationToken.None);
        var exported = Assert.Single(export!.Messages);
        Assert.Equal((id, "Sent", "For Ada"), (exported.Id, exported.State, exported.Subject));
        Assert.NotNull(exported.ClickedAt);

        var report = await privacy.EraseAsync(contact, keepSuppressions: true, "test", CancellationToken.None);
        Assert.Equal((1, 1), (report!.Counts.Messages, report.Counts.MessageEvents));
        await using var db = await host.ContextAsync();
        Assert.Equal([kept], await db.Messages.Select(m => m.Id).ToListAsync());
        Assert.Equal(0, await db.Set<MessageEventRecord>().CountAsync());
    }
}
