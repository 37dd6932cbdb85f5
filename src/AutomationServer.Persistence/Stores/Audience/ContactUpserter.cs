using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

/// <summary>Applies one <see cref="ContactPatch"/> inside the caller's transaction; a patch that changes nothing writes nothing.</summary>
internal static class ContactUpserter
{
    public static async Task<ContactUpsertOutcome> ApplyAsync(WorkflowDbContext db, ContactPatch patch, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var known = await ContactQueries.IdentityRowsAsync(db, patch.Identities.Select(i => (i.Kind, i.Value)).ToList(), cancellationToken);
        var owners = patch.Identities
            .Select(i => known.FirstOrDefault(k => k.Kind == i.Kind && k.Value == i.Value)?.ContactId)
            .OfType<Guid>()
            .Distinct()
            .ToList();

        var created = owners.Count == 0;
        var contactId = created ? Guid.CreateVersion7() : owners[0];
        var merged = owners.Skip(1).ToList();
        if (created)
        {
            db.Contacts.Add(new ContactRecord { Id = contactId, CreatedAt = nowUtc, UpdatedAt = nowUtc });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var other in merged)
        {
            await ContactMerger.MergeAsync(db, contactId, other, nowUtc, cancellationToken);
            db.ChangeTracker.Clear();
        }

        var contact = await db.Contacts.AsTracking().SingleAsync(c => c.Id == contactId, cancellationToken);
        var changed = false;
        foreach (var identity in patch.Identities.Where(i => !known.Any(k => k.Kind == i.Kind && k.Value == i.Value)))
        {
            db.ContactIdentities.Add(new ContactIdentityRecord { ContactId = contactId, Kind = identity.Kind, Value = identity.Value });
            changed = true;
        }

        changed |= Set(contact.TimeZone, patch.TimeZone, v => contact.TimeZone = v);
        changed |= Set(contact.Locale, patch.Locale, v => contact.Locale = v);
        changed |= Set(contact.LifecycleStage, patch.LifecycleStage, v => contact.LifecycleStage = v);
        if (patch.Score is { } score && score != contact.Score)
        {
            contact.Score = score;
            changed = true;
        }

        if (patch.DoNotContact is { } doNotContact && doNotContact != contact.DoNotContact)
        {
            contact.DoNotContact = doNotContact;
            changed = true;
        }

        changed |= await ApplyAttributesAsync(db, contactId, patch, cancellationToken);
        changed |= await ApplyTagsAsync(db, contactId, patch.Tags, cancellationToken);

        if (changed && !created)
        {
            contact.UpdatedAt = nowUtc;
            contact.Revision++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ContactUpsertOutcome(contactId, created, merged);
    }

    private static bool Set(string? current, string? given, Action<string> assign)
    {
        if (given is null || given == current)
        {
            return false;
        }

        assign(given);
        return true;
    }

    private static async Task<bool> ApplyAttributesAsync(WorkflowDbContext db, Guid contactId, ContactPatch patch, CancellationToken cancellationToken)
    {
        if (patch.Attributes.Count == 0 && patch.RemovedAttributes.Count == 0)
        {
            return false;
        }

        var names = patch.Attributes.Select(a => a.Name).Concat(patch.RemovedAttributes).ToArray();
        var existing = (await db.ContactAttributes.AsTracking().Where(a => a.ContactId == contactId && names.Contains(a.Name)).ToListAsync(cancellationToken))
            .ToDictionary(a => a.Name, StringComparer.Ordinal);
        var changed = false;
        foreach (var value in patch.Attributes)
        {
            if (!existing.TryGetValue(value.Name, out var row))
            {
                db.ContactAttributes.Add(new ContactAttributeRecord
                {
                    ContactId = contactId, Name = value.Name, TextValue = value.TextValue, NumberValue = value.NumberValue,
                    BooleanValue = value.BooleanValue, DateValue = value.DateValue,
                });
                changed = true;
            }
            else if (row.TextValue != value.TextValue || row.NumberValue != value.NumberValue || row.BooleanValue != value.BooleanValue || row.DateValue != value.DateValue)
            {
                (row.TextValue, row.NumberValue, row.BooleanValue, row.DateValue) = (value.TextValue, value.NumberValue, value.BooleanValue, value.DateValue);
                changed = true;
            }
        }

        foreach (var name in patch.RemovedAttributes)
        {
            if (existing.TryGetValue(name, out var row))
            {
                db.ContactAttributes.Remove(row);
                changed = true;
            }
        }

        return changed;
    }

    private static async Task<bool> ApplyTagsAsync(WorkflowDbContext db, Guid contactId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return false;
        }

        var existing = (await db.ContactTags.Where(t => t.ContactId == contactId).Select(t => t.Tag).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = tags.Where(t => !existing.Contains(t)).ToList();
        db.ContactTags.AddRange(added.Select(t => new ContactTagRecord { ContactId = contactId, Tag = t }));
        return added.Count > 0;
    }
}
