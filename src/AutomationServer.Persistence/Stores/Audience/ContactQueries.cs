using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

/// <summary>Lookups shared by the audience stores, sliced so that no command exceeds a provider's parameter limit.</summary>
internal static class ContactQueries
{
    public static async Task<List<ContactIdentityRecord>> IdentityRowsAsync(
        WorkflowDbContext db, IReadOnlyCollection<(string Kind, string Value)> identities, CancellationToken cancellationToken)
    {
        var wanted = identities.ToHashSet();
        var rows = new List<ContactIdentityRecord>();
        foreach (var values in wanted.Select(i => i.Value).Distinct(StringComparer.Ordinal).Chunk(Chunks.Size))
        {
            // Values are filtered in SQL (the primary key's second column has its own index through the PK prefix on Kind);
            // the exact (kind, value) pairs are matched here.
            var kinds = wanted.Select(i => i.Kind).Distinct(StringComparer.Ordinal).ToArray();
            var found = await db.ContactIdentities.Where(i => kinds.Contains(i.Kind) && values.Contains(i.Value)).ToListAsync(cancellationToken);
            rows.AddRange(found.Where(r => wanted.Contains((r.Kind, r.Value))));
        }

        return rows;
    }

    public static async Task<List<StoredContact>> LoadAsync(WorkflowDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new List<StoredContact>(ids.Count);
        foreach (var chunk in Chunks.Of(ids))
        {
            var contacts = await db.Contacts.Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken);
            var identities = (await db.ContactIdentities.Where(i => chunk.Contains(i.ContactId)).ToListAsync(cancellationToken)).ToLookup(i => i.ContactId);
            var attributes = (await db.ContactAttributes.Where(a => chunk.Contains(a.ContactId)).ToListAsync(cancellationToken)).ToLookup(a => a.ContactId);
            var tags = (await db.ContactTags.Where(t => chunk.Contains(t.ContactId)).ToListAsync(cancellationToken)).ToLookup(t => t.ContactId, t => t.Tag);
            result.AddRange(contacts.Select(c => new StoredContact(c, identities[c.Id].ToList(), attributes[c.Id].ToList(), tags[c.Id].ToList())));
        }

        var order = ids.Select((id, i) => (id, i)).GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.First().i);
        return result.OrderBy(c => order[c.Contact.Id]).ToList();
    }
}
