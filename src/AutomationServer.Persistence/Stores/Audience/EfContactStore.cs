using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfContactStore(IDbContextFactory<WorkflowDbContext> contexts) : IContactStore
{
    public async Task<StoredContact?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await ContactQueries.LoadAsync(db, [id], cancellationToken)).SingleOrDefault();
    }

    public async Task<Guid?> FindIdAsync(string kind, string value, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactIdentities.Where(i => i.Kind == kind && i.Value == value).Select(i => (Guid?)i.ContactId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ContactWriteResult> CreateAsync(StoredContact contact, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await TakenAsync(db, contact, cancellationToken) is { } taken)
        {
            return new ContactWriteResult(ContactWriteStatus.IdentityTaken, taken);
        }

        db.Contacts.Add(contact.Contact);
        AddParts(db, contact);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ContactWriteResult(ContactWriteStatus.Written);
    }

    public async Task<ContactWriteResult> ReplaceAsync(StoredContact contact, int? expectedRevision, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = contact.Contact.Id;
        var current = await db.Contacts.AsTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (current is null)
        {
            return new ContactWriteResult(ContactWriteStatus.NotFound);
        }

        if (expectedRevision is { } revision && current.Revision != revision)
        {
            return new ContactWriteResult(ContactWriteStatus.RevisionConflict);
        }

        if (await TakenAsync(db, contact, cancellationToken) is { } taken)
        {
            return new ContactWriteResult(ContactWriteStatus.IdentityTaken, taken);
        }

        await db.ContactIdentities.Where(i => i.ContactId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ContactAttributes.Where(a => a.ContactId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ContactTags.Where(t => t.ContactId == id).ExecuteDeleteAsync(cancellationToken);
        AddParts(db, contact);

        current.TimeZone = contact.Contact.TimeZone;
        current.Locale = contact.Contact.Locale;
        current.LifecycleStage = contact.Contact.LifecycleStage;
        current.Score = contact.Contact.Score;
        current.DoNotContact = contact.Contact.DoNotContact;
        current.UpdatedAt = contact.Contact.UpdatedAt;
        current.Revision = contact.Contact.Revision;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ContactWriteResult(ContactWriteStatus.RevisionConflict);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ContactWriteResult(ContactWriteStatus.Written);
    }

    public async Task<IReadOnlyList<ContactUpsertOutcome>> UpsertAsync(IReadOnlyList<ContactPatch> patches, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcomes = new List<ContactUpsertOutcome>(patches.Count);
        foreach (var patch in patches)
        {
            outcomes.Add(await ContactUpserter.ApplyAsync(db, patch, nowUtc, cancellationToken));
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    public async Task<bool> MergeAsync(Guid survivorId, Guid mergedId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Contacts.CountAsync(c => c.Id == survivorId || c.Id == mergedId, cancellationToken) != 2)
        {
            return false;
        }

        await ContactMerger.MergeAsync(db, survivorId, mergedId, nowUtc, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, Guid>> EnsureAnonymousAsync(IReadOnlyCollection<string> anonymousIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = anonymousIds.Distinct(StringComparer.Ordinal).Select(id => ("anonymous", id)).ToList();
        var found = (await ContactQueries.IdentityRowsAsync(db, wanted, cancellationToken)).ToDictionary(i => i.Value, i => i.ContactId, StringComparer.Ordinal);
        var missing = wanted.Select(w => w.Item2).Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return found;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var visitor in missing)
        {
            var contact = new ContactRecord { Id = Guid.CreateVersion7(), CreatedAt = nowUtc, UpdatedAt = nowUtc };
            db.Contacts.Add(contact);
            db.ContactIdentities.Add(new ContactIdentityRecord { ContactId = contact.Id, Kind = "anonymous", Value = visitor });
            found[visitor] = contact.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async Task<IReadOnlyDictionary<(string Kind, string Value), Guid>> FindIdsAsync(IReadOnlyCollection<(string Kind, string Value)> identities, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await ContactQueries.IdentityRowsAsync(db, identities, cancellationToken)).ToDictionary(i => (i.Kind, i.Value), i => i.ContactId);
    }

    public async Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = new HashSet<Guid>();
        foreach (var chunk in Chunks.Of(ids))
        {
            existing.UnionWith(await db.Contacts.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        return existing;
    }

    public async Task<ContactPage> SearchAsync(ContactQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<ContactRecord> contacts = db.Contacts;
        if (query.Identity is { } identity)
        {
            contacts = contacts.Where(c => db.ContactIdentities.Any(i => i.ContactId == c.Id && i.Kind == identity.Kind && i.Value == identity.Value));
        }

        if (query.Tag is { } tag)
        {
            contacts = contacts.Where(c => db.ContactTags.Any(t => t.ContactId == c.Id && t.Tag == tag));
        }

        if (query.Attribute is { } attribute)
        {
            var attributes = db.ContactAttributes.Where(a => a.Name == attribute.Name);
            attributes = attribute switch
            {
                { NumberValue: { } number } => attributes.Where(a => a.NumberValue == number),
                { BooleanValue: { } flag } => attributes.Where(a => a.BooleanValue == flag),
                { DateValue: { } date } => attributes.Where(a => a.DateValue == date),
                _ => attributes.Where(a => a.TextValue == attribute.TextValue),
            };
            contacts = contacts.Where(c => attributes.Any(a => a.ContactId == c.Id));
        }

        var total = await contacts.CountAsync(cancellationToken);
        var ids = await contacts.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(query.Skip).Take(query.Take).Select(c => c.Id).ToListAsync(cancellationToken);
        return new ContactPage(await ContactQueries.LoadAsync(db, ids, cancellationToken), total);
    }

    private static async Task<ContactIdentityRecord?> TakenAsync(WorkflowDbContext db, StoredContact contact, CancellationToken cancellationToken)
    {
        var rows = await ContactQueries.IdentityRowsAsync(db, contact.Identities.Select(i => (i.Kind, i.Value)).ToList(), cancellationToken);
        return rows.FirstOrDefault(r => r.ContactId != contact.Contact.Id);
    }

    private static void AddParts(WorkflowDbContext db, StoredContact contact)
    {
        db.ContactIdentities.AddRange(contact.Identities);
        db.ContactAttributes.AddRange(contact.Attributes);
        db.ContactTags.AddRange(contact.Tags.Select(t => new ContactTagRecord { ContactId = contact.Contact.Id, Tag = t }));
    }
}
