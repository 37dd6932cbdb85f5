using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfPrivacyStore(IDbContextFactory<WorkflowDbContext> contexts) : IPrivacyStore
{
    public async Task<ContactHoldings> LoadAsync(Guid contactId, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = SuppressedAddress.LookupForms(addresses).ToArray();
        var correlationId = CorrelationIdOf(contactId);
        var memberships = await db.SegmentMemberships.Where(m => m.ContactId == contactId)
            .Join(db.Segments, m => m.SegmentId, s => s.Id, (m, s) => new { Membership = m, s.Name })
            .OrderBy(m => m.Membership.SegmentId).ToListAsync(cancellationToken);
        return new ContactHoldings(
            await db.ContactEvents.Where(e => e.ContactId == contactId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken),
            await db.ContactConsents.Where(c => c.ContactId == contactId).OrderBy(c => c.Channel).ThenBy(c => c.Topic).ToListAsync(cancellationToken),
            await db.ConsentChanges.Where(c => c.ContactId == contactId).OrderBy(c => c.OccurredAt).ThenBy(c => c.Id).ToListAsync(cancellationToken),
            await db.ConsentConfirmations.Where(c => c.ContactId == contactId).OrderBy(c => c.ExpiresAt).ToListAsync(cancellationToken),
            memberships.Select(m => (m.Membership, m.Name)).ToList(),
            await db.Suppressions.Where(s => wanted.Contains(s.Address)).OrderBy(s => s.Channel).ThenBy(s => s.Address).ToListAsync(cancellationToken),
            await db.Instances.Where(i => i.CorrelationId == correlationId).OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken),
            await db.Messages.Where(m => m.ContactId == contactId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken));
    }

    public async Task<ErasureCounts?> EraseAsync(Guid contactId, IReadOnlyCollection<string> addresses, bool keepSuppressions, ContactErasureRecord audit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Contacts.AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            return null;
        }

        var nowUtc = audit.ErasedAt;
        var bothForms = SuppressedAddress.LookupForms(addresses).ToArray();
        var (suppressionsKept, suppressionsRemoved) = keepSuppressions
            ? (await HashSuppressionsAsync(db, addresses, cancellationToken), 0)
            : (0, await db.Suppressions.Where(s => bothForms.Contains(s.Address)).ExecuteDeleteAsync(cancellationToken));
        var (scrubbed, cancelled, bookmarks, incidents) = await ScrubInstancesAsync(db, CorrelationIdOf(contactId), nowUtc, cancellationToken);
        // Messages carry the address and the subject, their events clicked URLs and bounce texts.
        var messageEvents = await db.Set<MessageEventRecord>()
            .Where(e => db.Messages.Any(m => m.Id == e.MessageId && m.ContactId == contactId)).ExecuteDeleteAsync(cancellationToken);
        var messages = await db.Messages.Where(m => m.ContactId == contactId).ExecuteDeleteAsync(cancellationToken);

        // The foreign keys cascade too; explicit deletes keep the erasure complete where they are switched off, and give the counts.
        var counts = new ErasureCounts(
            Identities: await db.ContactIdentities.Where(i => i.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            Attributes: await db.ContactAttributes.Where(a => a.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            Tags: await db.ContactTags.Where(t => t.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            Events: await db.ContactEvents.Where(e => e.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            Consents: await db.ContactConsents.Where(c => c.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            ConsentChanges: await db.ConsentChanges.Where(c => c.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            ConsentConfirmations: await db.ConsentConfirmations.Where(c => c.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            SegmentMemberships: await db.SegmentMemberships.Where(m => m.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            SuppressionsRemoved: suppressionsRemoved,
            SuppressionsKept: suppressionsKept,
            InstancesScrubbed: scrubbed,
            InstancesCancelled: cancelled,
            BookmarksDeleted: bookmarks,
            IncidentsScrubbed: incidents,
            FrequencyPreferences: await db.Set<ContactFrequencyPreferenceRecord>().Where(p => p.ContactId == contactId).ExecuteDeleteAsync(cancellationToken),
            Messages: messages,
            MessageEvents: messageEvents);
        await db.Contacts.Where(c => c.Id == contactId).ExecuteDeleteAsync(cancellationToken);
        audit.Counts = JsonSerializer.Serialize(counts, CountsJson);
        db.ContactErasures.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    public async Task<IReadOnlyList<ContactErasureRecord>> ListErasuresAsync(Guid? contactId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = contactId is { } id ? db.ContactErasures.Where(e => e.ContactId == id) : db.ContactErasures;
        return await query.OrderByDescending(e => e.ErasedAt).ThenByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Replaces each plain suppression of the addresses by its hashed form; returns how many addresses stay blocked.</summary>
    private static async Task<int> HashSuppressionsAsync(WorkflowDbContext db, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var plain = addresses.ToArray();
        var hashed = plain.Select(SuppressedAddress.Hashed).ToArray();
        var rows = await db.Suppressions.AsTracking().Where(s => plain.Contains(s.Address) || hashed.Contains(s.Address)).ToListAsync(cancellationToken);
        var kept = new HashSet<(string Channel, string Address)>();
        foreach (var row in rows.Where(r => SuppressedAddress.IsHashed(r.Address)))
        {
            kept.Add((row.Channel, row.Address));
        }

        foreach (var row in rows.Where(r => !SuppressedAddress.IsHashed(r.Address)))
        {
            db.Suppressions.Remove(row);
            var replacement = (row.Channel, SuppressedAddress.Hashed(row.Address));
            if (kept.Add(replacement))
            {
                // A reason typed by hand may quote the address; it cannot stay next to the hash.
                var reason = row.Reason is { } text && text.Contains(row.Address, StringComparison.OrdinalIgnoreCase) ? "Erased with the contact." : row.Reason;
                db.Suppressions.Add(new SuppressionRecord { Channel = replacement.Channel, Address = replacement.Item2, Reason = reason, CreatedAt = row.CreatedAt });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return kept.Count;
    }

    private static async Task<(int Scrubbed, int Cancelled, int Bookmarks, int Incidents)> ScrubInstancesAsync(
        WorkflowDbContext db, string correlationId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var instances = await db.Instances.AsTracking().Where(i => i.CorrelationId == correlationId).ToListAsync(cancellationToken);
        var ids = instances.Select(i => i.Id).ToArray();
        var cancelled = 0;
        foreach (var instance in instances)
        {
            if (instance.Status is InstanceStatus.Running or InstanceStatus.Suspended)
            {
                instance.Status = InstanceStatus.Cancelled;
                instance.FinishedAt = nowUtc;
                instance.IncidentCount = 0;
                cancelled++;
            }

            instance.State = ScrubState(instance.State);
            instance.CorrelationId = null;
            instance.UpdatedAt = nowUtc;
            // A step of the engine that loaded the instance before the erasure must fail its commit, not write the data back.
            instance.Revision++;
        }

        await db.SaveChangesAsync(cancellationToken);
        var bookmarks = await db.Bookmarks.Where(b => ids.Contains(b.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        // Which journeys the contact entered is part of what the server knew about them.
        await db.JourneyEntries.Where(e => e.CorrelationId == correlationId).ExecuteDeleteAsync(cancellationToken);
        // Fault messages and details may quote the data the activity worked on.
        var incidents = await db.Incidents.Where(i => ids.Contains(i.InstanceId)).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.Message, "Erased with the contact.").SetProperty(i => i.Details, (string?)null)
                .SetProperty(i => i.Status, i => i.Status == IncidentStatus.Open ? IncidentStatus.Cancelled : i.Status)
                .SetProperty(i => i.UpdatedAt, nowUtc),
            cancellationToken);
        return (instances.Count, cancelled, bookmarks, incidents);
    }

    /// <summary>
    /// Keeps what statistics need (the journal: which activity ran, with what outcome, when) and drops everything that
    /// carries data: variables, input, output, join state and held bookmarks.
    /// </summary>
    internal static string ScrubState(string state)
    {
        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(state) as JsonObject;
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var scrubbed = new JsonObject { ["v"] = new JsonObject(), ["b"] = new JsonArray() };
        if (parsed?["j"] is JsonArray journal)
        {
            scrubbed["j"] = journal.DeepClone();
        }

        if (parsed?["jd"] is JsonValue dropped)
        {
            scrubbed["jd"] = dropped.DeepClone();
        }

        return scrubbed.ToJsonString();
    }

    private static readonly JsonSerializerOptions CountsJson = new(JsonSerializerDefaults.Web);

    private static string CorrelationIdOf(Guid contactId) => contactId.ToString("N");
}
