using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging.Policies;

/// <summary>Reads the Messages table along its (ContactId, Channel, SentAt) index.</summary>
internal sealed class EfRecentSendStore(IDbContextFactory<WorkflowDbContext> contexts) : IRecentSendStore
{
    public async Task<IReadOnlyList<RecentSend>> ListAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0 || channels.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One parameter for the whole list, so a dispatch batch of any size is one statement.
        var ids = contactIds.Cast<Guid?>().Distinct().ToArray();
        var wanted = channels.Distinct().ToArray();
        var rows = await db.Messages
            .Where(m => EF.Parameter(ids).Contains(m.ContactId) && EF.Parameter(wanted).Contains(m.Channel)
                && m.State == MessageState.Sent && m.Purpose == MessagePurpose.Marketing && m.SentAt >= sinceUtc)
            .Select(m => new { m.ContactId, m.Channel, m.SentAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new RecentSend(r.ContactId!.Value, r.Channel, r.SentAt!.Value)).ToList();
    }
}
