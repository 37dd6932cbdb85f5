using AutomationServer.Sdk.Channels;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Messaging.Tests.Outbox;

/// <summary>The claim and the outcome write use PostgreSQL's own SQL (SKIP LOCKED, row locks): the same guarantees there.</summary>
public sealed class PostgreSqlOutboxTests
{
    [PostgresFact]
    public async Task Two_dispatchers_on_one_PostgreSQL_database_never_send_a_message_twice()
    {
        await using var host = await OutboxTestHost.CreateAsync("PostgreSql", new Dictionary<string, string?> { ["Messaging:Dispatch:BatchSize"] = "25" });
        await using var second = await host.CreateNodeAsync();
        var contact = await host.AddContactAsync("ada@example.com");
        var ids = await host.QueueAsync(Enumerable.Range(0, 500).Select(i => OutboxTestHost.EmailTo(contact, $"M{i}")));
        host.Channel.Gate = () => Task.Delay(1);

        var counts = await Task.WhenAll(Task.Run(host.DrainAsync), Task.Run(second.DrainAsync));

        Assert.Equal(500, counts.Sum());
        Assert.All(ids, id => Assert.Equal(1, host.Channel.CallsFor(id)));
        await using var db = await host.ContextAsync();
        Assert.Equal(500, await db.Messages.CountAsync(m => m.State == MessageState.Sent));
        Assert.Equal(500, await db.ContactEvents.CountAsync(e => e.Name == "email_sent"));
    }

    [PostgresFact]
    public async Task On_PostgreSQL_an_expired_lease_is_claimed_again_and_the_old_lease_can_no_longer_record()
    {
        await using var host = await OutboxTestHost.CreateAsync("PostgreSql");
        var contact = await host.AddContactAsync("ada@example.com");
        var id = await host.QueueAsync(OutboxTestHost.EmailTo(contact));
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var crashed = Guid.NewGuid();
        Assert.Single(await host.Store.ClaimDueAsync(now, now.AddMinutes(1), crashed, 10, CancellationToken.None));
        Assert.Empty(await host.Store.ClaimDueAsync(now, now.AddMinutes(1), Guid.NewGuid(), 10, CancellationToken.None));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await host.DrainAsync());

        Assert.Equal(1, host.Channel.CallsFor(id));
        Assert.Empty(await host.Store.RecordOutcomesAsync(crashed, [new Messaging.Outbox.MessageOutcome(id, MessageState.Failed, 1, now)], now, CancellationToken.None));
        Assert.Equal(MessageState.Sent, (await host.MessageAsync(id)).State);
    }
}
