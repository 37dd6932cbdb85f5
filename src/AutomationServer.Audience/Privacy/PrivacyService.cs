using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Privacy;

/// <summary>Export (right of access) and erasure (right to be forgotten) of one contact.</summary>
public sealed class PrivacyService(ContactService contacts, IContactStore contactStore, IPrivacyStore store, TimeProvider time, ILogger<PrivacyService> logger)
{
    public const int MaxPageSize = 500;

    private static readonly JsonSerializerOptions CountsJson = new(JsonSerializerDefaults.Web);

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
            holdings.Instances.Select(ToExport).ToList(),
            holdings.Messages.Select(m => new ExportedMessage(
                m.Id, m.Channel, m.State.ToString(), m.ReasonCode, m.Reason, m.Recipient, m.Subject, m.CreatedAt, m.SentAt, m.DeliveredAt, m.OpenedAt, m.ClickedAt)).ToList());
    }

    /// <summary>
    /// Erases the contact everywhere in one transaction and leaves an audit record without personal data. Suppressions of
    /// its addresses stay by default, hashed: an address that asked not to be contacted must stay blocked even after the
    /// person is forgotten. Null when the contact does not exist.
    /// </summary>
    public async Task<ErasureReport?> EraseAsync(Guid contactId, bool keepSuppressions, string? erasedBy, CancellationToken cancellationToken)
    {
        if (await contactStore.GetAsync(contactId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var audit = new ContactErasureRecord
        {
            Id = Guid.CreateVersion7(),
            ContactId = contactId,
            ErasedAt = time.GetUtcNow().UtcDateTime,
            ErasedBy = erasedBy is { Length: > AudienceTables.NameLength } ? erasedBy[..AudienceTables.NameLength] : erasedBy,
            SuppressionsKept = keepSuppressions,
        };
        var addresses = stored.Identities.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToArray();
        if (await store.EraseAsync(contactId, addresses, keepSuppressions, audit, cancellationToken) is not { } counts)
        {
            return null;
        }

        logger.LogInformation("Contact {ContactId} erased by {ErasedBy}; audit record {AuditId}", contactId, erasedBy, audit.Id);
        return new ErasureReport(audit.Id, contactId, audit.ErasedAt, audit.ErasedBy, keepSuppressions, counts);
    }

    /// <summary>The erasure audit trail, newest first.</summary>
    public async Task<IReadOnlyList<ErasureReport>> ListErasuresAsync(Guid? contactId, int skip, int take, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (skip < 0)
        {
            errors.Add("skip", "Skip is zero or more.");
        }

        if (take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"Take is 1 to {MaxPageSize}.");
        }

        errors.ThrowIfAny("The query is invalid.");
        return (await store.ListErasuresAsync(contactId, skip, take, cancellationToken))
            .Select(e => new ErasureReport(e.Id, e.ContactId, e.ErasedAt, e.ErasedBy, e.SuppressionsKept, JsonSerializer.Deserialize<ErasureCounts>(e.Counts, CountsJson)!))
            .ToList();
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
