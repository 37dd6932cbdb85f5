using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Privacy;

/// <summary>Export (right of access) and erasure (right to be forgotten) of one contact.</summary>
public sealed class PrivacyService(ContactService contacts, IContactStore contactStore, IPrivacyStore store, TimeProvider time, ILogger<PrivacyService> logger)
{
    /// <summary>Null when the contact does not exist.</summary>
    public async Task<ContactExport?> ExportAsync(Guid contactId, CancellationToken cancellationToken)
    {
        if (await contacts.GetAsync(contactId, cancellationToken) is not { } contact)
        {
            return null;
        }

        var holdings = await store.LoadAsync(contactId, contact.Identities.Select(i => i.Value).ToArray(), cancellationToken);
        return new ContactExport(
            time.GetUtcNow().UtcDateTime,
            contact,
            holdings.Events.Select(e => new ExportedEvent(e.Id, e.Name, e.OccurredAt, e.ReceivedAt, ParseOrText(e.Properties), e.Amount, e.IdempotencyKey)).ToList(),
            holdings.Consents.Select(c => new ExportedConsent(c.Channel, c.Topic, c.Status.ToString(), c.Source, c.UpdatedAt)).ToList(),
            holdings.ConsentChanges.Select(c => new ExportedConsentChange(c.Id, c.Channel, c.Topic, c.Status.ToString(), c.Source, c.OccurredAt)).ToList(),
            holdings.OpenConfirmations.Select(c => new ExportedConfirmation(c.Channel, c.Topic, c.ExpiresAt)).ToList(),
            holdings.Memberships.Select(m => new ExportedMembership(m.Membership.SegmentId, m.SegmentName, m.Membership.EnteredAt)).ToList(),
            holdings.Suppressions.Select(s => new ExportedSuppression(s.Channel, s.Address, s.Reason, s.CreatedAt)).ToList(),
            holdings.Instances.Select(ToExport).ToList());
    }

    /// <summary>
    /// Erases the contact everywhere in one transaction. Suppressions of its addresses stay by default: an address
    /// that asked not to be contacted must stay blocked even after the person is forgotten. Null when the contact does not exist.
    /// </summary>
    public async Task<ErasureReport?> EraseAsync(Guid contactId, bool keepSuppressions, CancellationToken cancellationToken)
    {
        if (await contactStore.GetAsync(contactId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var addresses = stored.Identities.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToArray();
        if (await store.EraseAsync(contactId, addresses, keepSuppressions, now, cancellationToken) is not { } counts)
        {
            return null;
        }

        // The audit trail of an erasure is this log entry: ids and counts only, never what was erased.
        logger.LogInformation(
            "Contact {ContactId} erased: {Identities} identities, {Attributes} attributes, {Tags} tags, {Events} events, {Consents} consents, {ConsentChanges} consent changes, {Confirmations} confirmations, {Memberships} segment memberships, {SuppressionsRemoved} suppressions removed, {SuppressionsKept} kept, {InstancesScrubbed} workflow instances scrubbed, {InstancesCancelled} cancelled, {Bookmarks} bookmarks deleted, {Incidents} incidents scrubbed",
            contactId, counts.Identities, counts.Attributes, counts.Tags, counts.Events, counts.Consents, counts.ConsentChanges, counts.ConsentConfirmations,
            counts.SegmentMemberships, counts.SuppressionsRemoved, counts.SuppressionsKept, counts.InstancesScrubbed, counts.InstancesCancelled, counts.BookmarksDeleted, counts.IncidentsScrubbed);
        return new ErasureReport(contactId, now, keepSuppressions, counts);
    }

    private static ExportedInstance ToExport(WorkflowInstanceRecord instance)
    {
        var state = ParseOrText(instance.State) as JsonObject;
        return new ExportedInstance(
            instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.Status.ToString(), instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt,
            state?["i"]?.DeepClone(), state?["v"]?.DeepClone(), state?["o"]?.DeepClone());
    }

    // Stored JSON that no longer parses is still the person's data: hand it over as text rather than drop it.
    private static JsonNode? ParseOrText(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
