using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

/// <summary>
/// Moves everything of one contact to another inside the caller's transaction, as set-based statements so that a
/// contact with a long history merges as fast as a new one. Where both hold a row of the same key the survivor's is
/// kept, except consent, where the more recent decision stands.
/// </summary>
internal static class ContactMerger
{
    public static async Task MergeAsync(WorkflowDbContext db, Guid survivorId, Guid mergedId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var survivor = await db.Contacts.AsTracking().SingleAsync(c => c.Id == survivorId, cancellationToken);
        var merged = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == mergedId, cancellationToken);

        await db.ContactIdentities.Where(i => i.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ContactId, survivorId), cancellationToken);

        await db.ContactAttributes.Where(a => a.ContactId == mergedId && db.ContactAttributes.Any(k => k.ContactId == survivorId && k.Name == a.Name))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ContactAttributes.Where(a => a.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ContactId, survivorId), cancellationToken);

        await db.ContactTags.Where(t => t.ContactId == mergedId && db.ContactTags.Any(k => k.ContactId == survivorId && k.Tag == t.Tag))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ContactTags.Where(t => t.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, survivorId), cancellationToken);

        await db.ContactEvents.Where(e => e.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ContactId, survivorId), cancellationToken);

        await db.ContactConsents.Where(c => c.ContactId == survivorId
                && db.ContactConsents.Any(m => m.ContactId == mergedId && m.Channel == c.Channel && m.Topic == c.Topic && m.UpdatedAt > c.UpdatedAt))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ContactConsents.Where(c => c.ContactId == mergedId
                && db.ContactConsents.Any(k => k.ContactId == survivorId && k.Channel == c.Channel && k.Topic == c.Topic))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ContactConsents.Where(c => c.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, survivorId), cancellationToken);
        await db.ConsentChanges.Where(c => c.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, survivorId), cancellationToken);
        await db.ConsentConfirmations.Where(c => c.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, survivorId), cancellationToken);

        await db.SegmentMemberships.Where(m => m.ContactId == mergedId && db.SegmentMemberships.Any(k => k.ContactId == survivorId && k.SegmentId == m.SegmentId))
            .ExecuteDeleteAsync(cancellationToken);
        await db.SegmentMemberships.Where(m => m.ContactId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ContactId, survivorId), cancellationToken);

        await db.Contacts.Where(c => c.Id == mergedId).ExecuteDeleteAsync(cancellationToken);

        // The known contact's fields win; the merged one only fills gaps. Do-not-contact from either side stands.
        survivor.TimeZone ??= merged.TimeZone;
        survivor.Locale ??= merged.Locale;
        survivor.LifecycleStage ??= merged.LifecycleStage;
        survivor.DoNotContact |= merged.DoNotContact;
        survivor.CreatedAt = survivor.CreatedAt < merged.CreatedAt ? survivor.CreatedAt : merged.CreatedAt;
        survivor.UpdatedAt = nowUtc;
        survivor.Revision++;
        await db.SaveChangesAsync(cancellationToken);
    }
}
