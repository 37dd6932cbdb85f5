using AutomationServer.Messaging.Outbox;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging;

internal sealed class EfMessageStore(IDbContextFactory<WorkflowDbContext> contexts) : IMessageStore
{
    public async Task<IReadOnlyList<MessageRecord>> ClaimDueAsync(DateTime nowUtc, DateTime leasedUntilUtc, Guid leaseId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await MessageClaims.ClaimAsync(db, nowUtc, leasedUntilUtc, leaseId, limit, cancellationToken);
    }

    public async Task<IReadOnlySet<Guid>> RecordOutcomesAsync(Guid leaseId, IReadOnlyList<MessageOutcome> outcomes, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var written = new HashSet<Guid>();
        if (outcomes.Count == 0)
        {
            return written;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var byId = outcomes.GroupBy(o => o.MessageId).ToDictionary(g => g.Key, g => g.Last());
        if (MessageOutcomeWriter.Supports(db))
        {
            written = await MessageOutcomeWriter.WriteAsync(db, leaseId, byId.Values, nowUtc, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return written;
        }

        foreach (var chunk in Chunks.Of(byId.Keys))
        {
            written.UnionWith(await StillLeasedAsync(db, chunk, leaseId, cancellationToken));
        }

        foreach (var id in written)
        {
            Apply(db, byId[id], nowUtc);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<MessageRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    public async Task<MessageRecord?> FindByProviderIdAsync(string? channel, string providerMessageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Messages.Where(m => m.ProviderMessageId == providerMessageId);
        if (!string.IsNullOrEmpty(channel))
        {
            query = query.Where(m => m.Channel == channel);
        }

        return await query.OrderByDescending(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<MessageRecord> rows = db.Messages;
        if (query.ContactId is { } contactId)
        {
            rows = rows.Where(m => m.ContactId == contactId);
        }

        if (query.State is { } state)
        {
            rows = rows.Where(m => m.State == state);
        }

        if (query.Channel is { } channel)
        {
            rows = rows.Where(m => m.Channel == channel);
        }

        if (query.DefinitionId is { } definitionId)
        {
            rows = rows.Where(m => m.DefinitionId == definitionId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return new MessagePage(items, total);
    }

    public async Task<IReadOnlyList<MessageEventRecord>> EventsAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageEventRecord>().Where(e => e.MessageId == messageId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }

    public async Task<EngagementRecorded?> RecordEngagementAsync(MessageEventRecord messageEvent, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var message = await db.Messages.AsTracking().FirstOrDefaultAsync(m => m.Id == messageEvent.MessageId, cancellationToken);
        if (message is null)
        {
            return null;
        }

        var id = messageEvent.Id;
        if (await db.Set<MessageEventRecord>().AnyAsync(e => e.Id == id, cancellationToken))
        {
            return new EngagementRecorded(message, Duplicate: true);
        }

        db.Set<MessageEventRecord>().Add(messageEvent);
        var at = messageEvent.OccurredAt;
        switch (messageEvent.Kind)
        {
            case DeliveryEventKind.Delivered:
                message.DeliveredAt = Earliest(message.DeliveredAt, at);
                break;
            case DeliveryEventKind.Opened:
                message.OpenedAt = Earliest(message.OpenedAt, at);
                break;
            case DeliveryEventKind.Clicked:
                message.ClickedAt = Earliest(message.ClickedAt, at);
                // A click proves the message was opened even when images (the pixel) were blocked.
                message.OpenedAt = Earliest(message.OpenedAt, at);
                break;
            case DeliveryEventKind.Bounced:
                message.BouncedAt = Earliest(message.BouncedAt, at);
                break;
            case DeliveryEventKind.Complained:
                message.ComplainedAt = Earliest(message.ComplainedAt, at);
                break;
            case DeliveryEventKind.Unsubscribed:
                message.UnsubscribedAt = Earliest(message.UnsubscribedAt, at);
                break;
        }

        message.UpdatedAt = nowUtc;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new EngagementRecorded(message, Duplicate: false);
    }

    public async Task<RequeueResult> RequeueAsync(Guid id, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Messages.Where(m => m.Id == id && (m.State == MessageState.Failed || m.State == MessageState.Skipped))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, MessageState.Queued)
                .SetProperty(m => m.DueAt, nowUtc)
                .SetProperty(m => m.ReasonCode, (string?)null)
                .SetProperty(m => m.Reason, (string?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.LeaseId, (Guid?)null)
                .SetProperty(m => m.LeasedUntil, (DateTime?)null)
                .SetProperty(m => m.UpdatedAt, nowUtc), cancellationToken);
        if (updated == 1)
        {
            return RequeueResult.Requeued;
        }

        return await db.Messages.AnyAsync(m => m.Id == id, cancellationToken) ? RequeueResult.WrongState : RequeueResult.NotFound;
    }

    /// <summary>
    /// The ids among <paramref name="ids"/> this lease still holds. Elsewhere than SQLite and PostgreSQL (SQL Server, where
    /// no dispatcher runs today) the check and the update are two statements under read committed.
    /// </summary>
    private static Task<List<Guid>> StillLeasedAsync(WorkflowDbContext db, Guid[] ids, Guid leaseId, CancellationToken cancellationToken) =>
        db.Messages.Where(m => ids.Contains(m.Id) && m.LeaseId == leaseId).Select(m => m.Id).ToListAsync(cancellationToken);

    /// <summary>Updates only the columns an outcome sets, without reading the row (its request JSON may be large).</summary>
    private static void Apply(WorkflowDbContext db, MessageOutcome outcome, DateTime nowUtc)
    {
        var row = new MessageRecord { Id = outcome.MessageId };
        var entry = db.Messages.Attach(row);
        void Set<T>(System.Linq.Expressions.Expression<Func<MessageRecord, T>> property, T value)
        {
            var member = entry.Property(property);
            member.CurrentValue = value;
            member.IsModified = true;
        }

        Set(m => m.State, outcome.State);
        Set(m => m.Attempts, outcome.Attempts);
        Set(m => m.DueAt, outcome.DueAt);
        Set(m => m.ReasonCode, outcome.ReasonCode);
        Set(m => m.Reason, outcome.Reason);
        Set(m => m.LeaseId, (Guid?)null);
        Set(m => m.LeasedUntil, (DateTime?)null);
        Set(m => m.UpdatedAt, nowUtc);
        if (outcome.SentAt is { } sentAt)
        {
            Set(m => m.SentAt, sentAt);
        }

        if (outcome.ProviderMessageId is { } providerId)
        {
            Set(m => m.ProviderMessageId, providerId);
        }

        if (outcome.Recipient is { } recipient)
        {
            Set(m => m.Recipient, recipient);
        }

        if (outcome.Subject is { } subject)
        {
            Set(m => m.Subject, subject);
        }
    }

    private static DateTime Earliest(DateTime? current, DateTime candidate) => current is { } known && known <= candidate ? known : candidate;
}
