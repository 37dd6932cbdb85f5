using AutomationServer.Messaging.Policies;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging.Policies;

internal sealed class EfSendPolicySettingsStore(IDbContextFactory<WorkflowDbContext> contexts) : ISendPolicySettingsStore
{
    public async Task<IReadOnlyList<SendPolicySettingsRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<SendPolicySettingsRecord>().OrderBy(s => s.Channel).ToListAsync(cancellationToken);
    }

    public async Task SaveAsync(SendPolicySettingsRecord settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Two saves racing: the update finds the row the other inserted, so the last save wins instead of failing.
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Set<SendPolicySettingsRecord>().Where(s => s.Channel == settings.Channel)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Document, settings.Document).SetProperty(r => r.UpdatedAt, settings.UpdatedAt), cancellationToken);
            if (updated > 0)
            {
                return;
            }

            db.Set<SendPolicySettingsRecord>().Add(new SendPolicySettingsRecord { Channel = settings.Channel, Document = settings.Document, UpdatedAt = settings.UpdatedAt });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
