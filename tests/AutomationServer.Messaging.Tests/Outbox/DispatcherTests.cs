using AutomationServer.Messaging.Outbox;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Messaging.Tests.Outbox;

public sealed class DispatcherTests
{
    [Fact]
    public async Task Due_messages_are_sent_once_and_recorded_with_a_sent_event_on_the_timeline()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var ids = await host.QueueAsync([OutboxTestHost.EmailTo(contact, "One"), OutboxTestHost.EmailTo(contact, "Two"), OutboxTestHost.EmailTo(contact, "Three")]);

        Assert.Equal(3, await host.Processor.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await host.Processor.DispatchDueAsync(CancellationToken.None));

        foreach (var id in ids)
        {
            var row = await host.MessageAsync(id);
            Assert.Equal(MessageState.Sent, row.State);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, row.SentAt);
            Assert.Equal("ada@example.com", row.Recipient);
            Assert.Equal("provider-" + id.ToString("N")[..12], row.ProviderMessageId);
            Assert.Null(row.LeaseId);
            Assert.Equal(1, host.Channel.CallsFor(id));
        }

        Assert.Equal(["One", "Three", "Two"], host.Channel.Sent.Select(m => m.Subject!).Order());
        Assert.All(host.Channel.Sent, m => Assert.Equal("ada@example.com", m.To));
        Assert.Equal(1, host.Policy.Calls);
        var timeline = await host.TimelineAsync(contact);
        Assert.Equal(3, timeline.Count(e => e.Name == "email_sent"));
        Assert.Equal(ids.Order(), timeline.Select(e => Guid.Parse(System.Text.Json.JsonDocument.Parse(e.Properties).RootElement.GetProperty("messageId").GetString()!)).Order());
    }

    [Fact]
    public async Task A_message_with_only_an_address_goes_to_that_address()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var id = await host.QueueAsync(new MessageRequest { Channel = "email", To = "team@example.com", Subject = "Alert" });

        await host.DrainAsync();

        var row = await host.MessageAsync(id);
        Assert.Equal(MessageState.Sent, row.State);
        Assert.Equal("team@example.com", host.Channel.Sent.Single().To);
        Assert.Null(host.Channel.Sent.Single().ContactId);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_the_back_off_and_then_sent()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        host.Channel.Answer = (m, before) => before == 0 ? SendResult.Retry("421 try later") : SendResult.Sent("ok");
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));

        await host.DrainAsync();
        var deferred = await host.MessageAsync(id);
        Assert.Equal(MessageState.Deferred, deferred.State);
        Assert.Equal(1, deferred.Attempts);
        Assert.Equal("transient", deferred.ReasonCode);
        Assert.Contains("421 try later", deferred.Reason);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), deferred.DueAt);

        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await host.DrainAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.DrainAsync());

        var sent = await host.MessageAsync(id);
        Assert.Equal(MessageState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.ReasonCode);
        Assert.Equal(2, host.Channel.CallsFor(id));
        Assert.Equal([0, 1], host.Channel.Sent.Select(m => m.Attempt));
    }

    [Fact]
    public async Task Transient_failures_that_never_end_fail_the_message_after_the_last_attempt()
    {
        await using var host = await OutboxTestHost.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Messaging:Retry:MaxAttempts"] = "3",
            ["Messaging:Retry:Delays:0"] = "00:00:10",
            ["Messaging:Retry:Delays:1"] = "00:00:20",
        });
        host.Channel.Answer = (_, _) => SendResult.Retry("connection refused");
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));

        await host.DrainAsync();
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(10), (await host.MessageAsync(id)).DueAt);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await host.DrainAsync();
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(20), (await host.MessageAsync(id)).DueAt);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await host.DrainAsync();

        var failed = await host.MessageAsync(id);
        Assert.Equal(MessageState.Failed, failed.State);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("transient failures exhausted", failed.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, host.Channel.CallsFor(id));
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await host.DrainAsync());
    }

    [Fact]
    public async Task A_permanent_failure_fails_the_message_and_reports_a_failed_delivery_event()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        host.Channel.Answer = (_, _) => SendResult.Failed("550 no such user");
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));

        await host.DrainAsync();

        var row = await host.MessageAsync(id);
        Assert.Equal(MessageState.Failed, row.State);
        Assert.Equal("permanent", row.ReasonCode);
        Assert.Equal("550 no such user", row.Reason);
        var events = await host.Store.EventsAsync(id, CancellationToken.None);
        Assert.Equal(DeliveryEventKind.Failed, Assert.Single(events).Kind);
        Assert.Contains(await host.TimelineAsync(contact), e => e.Name == "email_failed");
        Assert.Equal(1, host.Channel.CallsFor(id));
    }

    [Fact]
    public async Task Policy_skips_and_deferrals_are_recorded_with_their_reasons()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var later = host.Clock.GetUtcNow().AddHours(9);
        var skipped = await host.AddContactAsync("skip@example.com");
        var deferred = await host.AddContactAsync("later@example.com");
        host.Policy.Decide = c => c.Recipient.ContactId == skipped
            ? PolicyDecision.Skip("consent", "No consent for email.")
            : PolicyDecision.Defer(later, "quiet_hours", "Quiet hours in Europe/Berlin until 08:00.");
        var skippedId = await host.QueueAsync(OutboxTestHost.EmailTo(skipped));
        var deferredId = await host.QueueAsync(OutboxTestHost.EmailTo(deferred));

        await host.DrainAsync();

        var skip = await host.MessageAsync(skippedId);
        Assert.Equal((MessageState.Skipped, "consent", "No consent for email."), (skip.State, skip.ReasonCode, skip.Reason));
        var defer = await host.MessageAsync(deferredId);
        Assert.Equal((MessageState.Deferred, "quiet_hours"), (defer.State, defer.ReasonCode));
        Assert.Equal(later.UtcDateTime, defer.DueAt);
        Assert.Equal(0, defer.Attempts);
        Assert.Equal(0, host.Channel.TotalCalls);

        host.Policy.Decide = _ => PolicyDecision.Allow;
        host.Clock.Advance(TimeSpan.FromHours(9));
        Assert.Equal(1, await host.DrainAsync());
        Assert.Equal(MessageState.Sent, (await host.MessageAsync(deferredId)).State);
        Assert.Equal(MessageState.Skipped, (await host.MessageAsync(skippedId)).State);
    }

    [Fact]
    public async Task Render_errors_fail_and_missing_contacts_or_addresses_skip()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var noEmail = await host.AddContactAsync(null);
        var broken = await host.QueueAsync(OutboxTestHost.EmailTo(contact, "broken"));
        var erased = await host.QueueAsync(OutboxTestHost.EmailTo(Guid.NewGuid()));
        var noAddress = await host.QueueAsync(OutboxTestHost.EmailTo(noEmail));

        await host.DrainAsync();

        var render = await host.MessageAsync(broken);
        Assert.Equal((MessageState.Failed, "render"), (render.State, render.ReasonCode));
        Assert.Contains("line 1, column 4", render.Reason);
        Assert.Equal((MessageState.Skipped, "contact_erased"), ((await host.MessageAsync(erased)).State, (await host.MessageAsync(erased)).ReasonCode));
        Assert.Equal((MessageState.Skipped, "no_address"), ((await host.MessageAsync(noAddress)).State, (await host.MessageAsync(noAddress)).ReasonCode));
        Assert.Equal(0, host.Channel.TotalCalls);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_never_send_a_message_twice()
    {
        await using var host = await OutboxTestHost.CreateAsync(settings: new Dictionary<string, string?> { ["Messaging:Dispatch:BatchSize"] = "25" });
        await using var second = await host.CreateNodeAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var ids = await host.QueueAsync(Enumerable.Range(0, 500).Select(i => OutboxTestHost.EmailTo(contact, $"M{i}")));
        host.Channel.Gate = () => Task.Delay(1);

        var counts = await Task.WhenAll(Task.Run(host.DrainAsync), Task.Run(second.DrainAsync));

        Assert.Equal(500, counts.Sum());
        Assert.True(counts.All(c => c > 0), $"Both nodes should have worked: {counts[0]} and {counts[1]}.");
        Assert.Equal(500, host.Channel.TotalCalls);
        Assert.All(ids, id => Assert.Equal(1, host.Channel.CallsFor(id)));
        await using var db = await host.ContextAsync();
        Assert.Equal(500, await db.Messages.CountAsync(m => m.State == MessageState.Sent));
    }

    [Fact]
    public async Task After_a_crash_the_expired_lease_makes_the_message_due_again_and_it_is_sent_exactly_once()
    {
        await using var host = await OutboxTestHost.CreateAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));
        var now = host.Clock.GetUtcNow().UtcDateTime;
        // A node claims the message and dies before recording anything.
        var crashedLease = Guid.NewGuid();
        Assert.Single(await host.Store.ClaimDueAsync(now, now.AddMinutes(1), crashedLease, 10, CancellationToken.None));

        Assert.Equal(0, await host.DrainAsync());
        Assert.Equal(MessageState.Sending, (await host.MessageAsync(id)).State);

        host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.DrainAsync());
        Assert.Equal(0, await host.DrainAsync());
        Assert.Equal(1, host.Channel.CallsFor(id));
        Assert.Equal(id, host.Channel.Sent.Single().MessageId);
        Assert.Equal(MessageState.Sent, (await host.MessageAsync(id)).State);

        // The dead node's lease is gone: an outcome it might still write is refused.
        var late = await host.Store.RecordOutcomesAsync(crashedLease, [new MessageOutcome(id, MessageState.Failed, 1, now)], now, CancellationToken.None);
        Assert.Empty(late);
        Assert.Equal(MessageState.Sent, (await host.MessageAsync(id)).State);
    }

    [Fact]
    public async Task Stopping_the_dispatcher_finishes_and_records_the_sends_in_flight_and_claims_nothing_more()
    {
        await using var host = await OutboxTestHost.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Messaging:Dispatch:BatchSize"] = "4",
            ["Messaging:Dispatch:Concurrency"] = "4",
        });
        var contact = await host.AddContactAsync("ada@example.com");
        await host.QueueAsync(Enumerable.Range(0, 12).Select(i => OutboxTestHost.EmailTo(contact, $"M{i}")));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Channel.Gate = () => release.Task;
        var dispatcher = host.Get<OutboxDispatcher>();

        await dispatcher.StartAsync(CancellationToken.None);
        await Eventually(() => Volatile.Read(ref host.Channel.InFlight) == 4);
        var stopping = dispatcher.StopAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping;

        await using var db = await host.ContextAsync();
        Assert.Equal(4, await db.Messages.CountAsync(m => m.State == MessageState.Sent));
        Assert.Equal(8, await db.Messages.CountAsync(m => m.State == MessageState.Queued));
        Assert.Equal(0, await db.Messages.CountAsync(m => m.State == MessageState.Sending));
        Assert.Equal(4, host.Channel.TotalCalls);
    }

    [Fact]
    public async Task The_running_dispatcher_sends_what_the_engine_queues_without_waiting_for_its_poll()
    {
        await using var host = await OutboxTestHost.CreateAsync(settings: new Dictionary<string, string?> { ["Messaging:Dispatch:PollInterval"] = "00:05:00" });
        var contact = await host.AddContactAsync("ada@example.com");
        var dispatcher = host.Get<OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(200);
            var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));
            host.Get<AutomationServer.Workflows.Runtime.IOutboxSignal>().MessagesQueued(1);
            await Eventually(() => host.Channel.CallsFor(id) == 1);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 5 s.");
            await Task.Delay(20);
        }
    }
}
