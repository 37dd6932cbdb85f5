using AutomationServer.Messaging.Bounces;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging;

internal sealed class EfBounceStore(IDbContextFactory<WorkflowDbContext> contexts) : IBounceStore
{
    private const int Attempts = 3;

    public async Task<BouncedMessage?> FindMessageAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.Where(m => m.Id == messageId)
            .Select(m => new BouncedMessage(m.Id, m.Channel, m.ContactId, m.Recipient))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<int> CountSoftBounceAsync(string channel, string addressHash, Guid messageId, DateTime occurredAt, TimeSpan window, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.Set<SoftBounceRecord>().AsTracking()
                .FirstOrDefaultAsync(b => b.Channel == channel && b.AddressHash == addressHash, cancellationToken);
            if (row is null)
            {
                row = new SoftBounceRecord { Channel = channel, AddressHash = addressHash, Count = 1, FirstAt = occurredAt, LastAt = occurredAt, LastMessageId = messageId };
                db.Add(row);
            }
            else if (row.LastMessageId == messageId)
            {
                return row.Count;
            }
            else if (occurredAt - row.FirstAt > window)
            {
                (row.Count, row.FirstAt, row.LastAt, row.LastMessageId) = (1, occurredAt, occurredAt, messageId);
            }
            else
            {
                row.Count++;
                row.FirstAt = occurredAt < row.FirstAt ? occurredAt : row.FirstAt;
                row.LastAt = occurredAt > row.LastAt ? occurredAt : row.LastAt;
                row.LastMessageId = messageId;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return row.Count;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another bounce of the address was counted meanwhile (a concurrent insert or update): count on top of it.
            }
        }
    }

    public async Task ForgetSoftBouncesAsync(string channel, string addressHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<SoftBounceRecord>().Where(b => b.Channel == channel && b.AddressHash == addressHash).ExecuteDeleteAsync(cancellationToken);
    }
}
