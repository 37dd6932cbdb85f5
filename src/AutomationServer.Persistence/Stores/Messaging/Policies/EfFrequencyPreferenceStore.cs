using AutomationServer.Messaging.Policies;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging.Policies;

internal sealed class EfFrequencyPreferenceStore(IDbContextFactory<WorkflowDbContext> contexts) : IFrequencyPreferenceStore
{
    public async Task<IReadOnlyList<ContactFrequencyPreferenceRecord>> ListAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0 || channels.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One parameter for the whole list, so a dispatch batch of any size is one statement.
        var ids = contactIds.Distinct().ToArray();
        var wanted = channels.Distinct().ToArray();
        return await db.Set<ContactFrequencyPreferenceRecord>()
            .Where(p => EF.Parameter(ids).Contains(p.ContactId) && EF.Parameter(wanted).Contains(p.Channel))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> SaveAsync(ContactFrequencyPreferenceRecord preference, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Set<ContactFrequencyPreferenceRecord>()
                .Where(p => p.ContactId == preference.ContactId && p.Channel == preference.Channel)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxPerWeek, preference.MaxPerWeek)
                    .SetProperty(p => p.Source, preference.Source)
                    .SetProperty(p => p.UpdatedAt, preference.UpdatedAt), cancellationToken);
            if (updated > 0)
            {
                return true;
            }

            if (!await db.Contacts.AnyAsync(c => c.Id == preference.ContactId, cancellationToken))
            {
                return false;
            }

            db.Set<ContactFrequencyPreferenceRecord>().Add(new ContactFrequencyPreferenceRecord
            {
                ContactId = preference.ContactId,
                Channel = preference.Channel,
                MaxPerWeek = preference.MaxPerWeek,
                Source = preference.Source,
                UpdatedAt = preference.UpdatedAt,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Inserted meanwhile by another save (update next time round), or the contact erased meanwhile (false next time round).
                db.ChangeTracker.Clear();
            }
        }
    }
}
