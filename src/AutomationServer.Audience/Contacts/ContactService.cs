using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Validation;

namespace AutomationServer.Audience.Contacts;

/// <summary>Contacts: create, read, replace, delete, idempotent upsert by identity, identify (anonymous → known), merge and search.</summary>
public sealed class ContactService(
    IContactStore contacts,
    IContactAttributeSchemaStore schema,
    IdentityNormalizer identities,
    ContactChangeQueue changes,
    ManualScoringChanges manualScoring,
    TimeProvider clock)
{
    public const int MaxUpsertBatch = 1_000;
    public const int MaxPageSize = 500;

    public async Task<ContactView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var stored = await contacts.GetAsync(id, cancellationToken);
        return stored is null ? null : ToView(stored, await SchemaAsync(cancellationToken));
    }

    public async Task<ContactView> CreateAsync(ContactInput input, CancellationToken cancellationToken)
    {
        var definitions = await SchemaAsync(cancellationToken);
        var errors = new FieldErrors();
        var fields = new ContactInputReader(identities, definitions).Read(input, "", errors, requireIdentity: false);
        errors.ThrowIfAny("The contact is invalid.");

        var now = clock.GetUtcNow().UtcDateTime;
        var stored = Build(Guid.CreateVersion7(), fields, now, now, revision: 0);
        var result = await contacts.CreateAsync(stored, cancellationToken);
        ThrowIfTaken(result, fields.Identities);
        changes.Enqueue(stored.Contact.Id);
        return ToView(stored, definitions);
    }

    /// <summary>Replaces everything about the contact; null when it does not exist.</summary>
    public async Task<ContactView?> ReplaceAsync(Guid id, ContactInput input, int? expectedRevision, CancellationToken cancellationToken)
    {
        var definitions = await SchemaAsync(cancellationToken);
        var errors = new FieldErrors();
        var fields = new ContactInputReader(identities, definitions).Read(input, "", errors, requireIdentity: false);
        errors.ThrowIfAny("The contact is invalid.");

        var existing = await contacts.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        var stored = Build(id, fields, existing.Contact.CreatedAt, clock.GetUtcNow().UtcDateTime, existing.Contact.Revision + 1);
        var result = await contacts.ReplaceAsync(stored, expectedRevision ?? existing.Contact.Revision, cancellationToken);
        if (result.Status == ContactWriteStatus.NotFound)
        {
            return null;
        }

        if (result.Status == ContactWriteStatus.RevisionConflict)
        {
            throw new AudienceConflictException("The contact was changed meanwhile.", "revision", "Read the contact again and retry with its current revision.");
        }

        ThrowIfTaken(result, fields.Identities);
        await manualScoring.RecordAsync(id, (existing.Contact.Score, existing.Contact.LifecycleStage), (stored.Contact.Score, stored.Contact.LifecycleStage), cancellationToken);
        changes.Enqueue(id);
        return ToView(stored, definitions);
    }

    /// <summary>
    /// Creates or updates each contact found by its identities, all or nothing. Sending the same request twice leaves
    /// the same state. Contacts the identities of one entry name together are merged into the first one named.
    /// </summary>
    public async Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<ContactInput?>? inputs, CancellationToken cancellationToken)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw FieldErrors.Single("The batch is empty.", "contacts", "At least one contact is required.");
        }

        if (inputs.Count > MaxUpsertBatch)
        {
            throw FieldErrors.Single("The batch is too large.", "contacts", $"At most {MaxUpsertBatch} contacts per request.");
        }

        var reader = new ContactInputReader(identities, await SchemaAsync(cancellationToken));
        var errors = new FieldErrors();
        var patches = new List<ContactPatch>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is not { } input)
            {
                errors.Add($"contacts[{i}]", "The contact is missing.");
                continue;
            }

            patches.Add(reader.Read(input, $"contacts[{i}].", errors, requireIdentity: true).ToPatch());
        }

        errors.ThrowIfAny("Some contacts are invalid; none was written.");
        var outcomes = await contacts.UpsertAsync(patches, clock.GetUtcNow().UtcDateTime, cancellationToken);
        changes.Enqueue(outcomes.Select(o => o.ContactId));
        return outcomes.Select(o => new UpsertResult(o.ContactId, o.Created, o.MergedContactIds)).ToList();
    }

    /// <summary>
    /// A visitor logs in or signs up: the contact the known identities name is updated (or created) and the contact
    /// of the anonymous id, if another, is merged into it — the known contact's attributes win.
    /// </summary>
    public async Task<UpsertResult> IdentifyAsync(IdentifyInput input, CancellationToken cancellationToken)
    {
        var reader = new ContactInputReader(identities, await SchemaAsync(cancellationToken));
        var errors = new FieldErrors();
        var fields = reader.Read(
            new ContactInput(input.Identities, input.TimeZone, input.Locale, input.LifecycleStage, input.Score, input.DoNotContact, input.Attributes, input.Tags),
            "", errors, requireIdentity: true);
        if (fields.Identities.Any(i => i.Kind == IdentityKinds.Anonymous))
        {
            errors.Add("identities", "Give the visitor's anonymous id as anonymousId; identities are the known ones (email, phone, external).");
        }

        var patchIdentities = fields.Identities.ToList();
        if (!string.IsNullOrWhiteSpace(input.AnonymousId))
        {
            var (anonymous, error) = identities.Normalize(IdentityKinds.Anonymous, input.AnonymousId);
            if (error is not null)
            {
                errors.Add("anonymousId", error);
            }
            else
            {
                // Last, so that the contact a known identity names survives the merge.
                patchIdentities.Add(new ContactIdentityRecord { Kind = IdentityKinds.Anonymous, Value = anonymous! });
            }
        }

        errors.ThrowIfAny("The identify request is invalid.");
        var outcome = (await contacts.UpsertAsync([(fields with { Identities = patchIdentities }).ToPatch()], clock.GetUtcNow().UtcDateTime, cancellationToken)).Single();
        changes.Enqueue(outcome.ContactId);
        return new UpsertResult(outcome.ContactId, outcome.Created, outcome.MergedContactIds);
    }

    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>; false when either does not exist.</summary>
    public async Task<bool> MergeAsync(Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        if (survivorId == mergedId)
        {
            throw FieldErrors.Single("A contact cannot be merged into itself.", "contactId", "Name another contact to merge into this one.");
        }

        var merged = await contacts.MergeAsync(survivorId, mergedId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (merged)
        {
            changes.Enqueue(survivorId);
        }

        return merged;
    }

    public async Task<ContactSearchResult> SearchAsync(ContactSearch search, CancellationToken cancellationToken)
    {
        var definitions = await SchemaAsync(cancellationToken);
        var errors = new FieldErrors();
        if (search.Skip < 0)
        {
            errors.Add("skip", "Skip is zero or more.");
        }

        if (search.Take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"Take is 1 to {MaxPageSize}.");
        }

        ContactIdentityRecord? identity = null;
        if (search.IdentityKind is not null || search.IdentityValue is not null)
        {
            var (value, error) = identities.Normalize(search.IdentityKind?.Trim(), search.IdentityValue);
            if (error is not null)
            {
                errors.Add(string.IsNullOrWhiteSpace(search.IdentityKind) ? "identityKind" : "identityValue", error);
            }
            else
            {
                identity = new ContactIdentityRecord { Kind = search.IdentityKind!.Trim(), Value = value! };
            }
        }

        ContactAttributeRecord? attribute = null;
        if (search.AttributeName is not null)
        {
            attribute = ReadAttributeFilter(search.AttributeName, search.AttributeValue, definitions, errors);
        }

        errors.ThrowIfAny("The search is invalid.");
        var tag = string.IsNullOrWhiteSpace(search.Tag) ? null : search.Tag.Trim();
        var page = await contacts.SearchAsync(new ContactQuery(identity, tag, attribute, search.Skip, search.Take), cancellationToken);
        return new ContactSearchResult(page.Items.Select(c => ToView(c, definitions)).ToList(), page.Total, search.Skip, search.Take);
    }

    private static ContactAttributeRecord? ReadAttributeFilter(string name, string? value, IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> definitions, FieldErrors errors)
    {
        if (!definitions.TryGetValue(name, out var definition))
        {
            errors.Add("attributeName", $"No attribute named '{name}' is defined.");
            return null;
        }

        if (value is null)
        {
            errors.Add("attributeValue", "Give the value to compare with.");
            return null;
        }

        // A query string holds text; numbers, booleans, lists read it as JSON, strings, dates and datetimes as a JSON string.
        JsonElement element;
        try
        {
            element = definition.Type is AttributeTypes.Number or AttributeTypes.Boolean or AttributeTypes.List
                ? JsonDocument.Parse(value).RootElement.Clone()
                : JsonSerializer.SerializeToElement(value);
        }
        catch (JsonException)
        {
            errors.Add("attributeValue", $"'{value}' is not a {definition.Type} value.");
            return null;
        }

        var (row, error) = AttributeValues.ToRow(Guid.Empty, definition, element);
        if (error is not null)
        {
            errors.Add("attributeValue", $"'{name}' is a {definition.Type} attribute. {error}");
        }

        return row;
    }

    private async Task<IReadOnlyDictionary<string, ContactAttributeDefinitionRecord>> SchemaAsync(CancellationToken cancellationToken) =>
        (await schema.ListAsync(cancellationToken)).ToDictionary(d => d.Name, StringComparer.Ordinal);

    private static StoredContact Build(Guid id, ContactFields fields, DateTime createdAt, DateTime updatedAt, int revision) => new(
        new ContactRecord
        {
            Id = id,
            TimeZone = fields.TimeZone,
            Locale = fields.Locale,
            LifecycleStage = fields.LifecycleStage,
            Score = fields.Score ?? 0,
            DoNotContact = fields.DoNotContact ?? false,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            Revision = revision,
        },
        fields.Identities.Select(i => new ContactIdentityRecord { ContactId = id, Kind = i.Kind, Value = i.Value }).ToList(),
        fields.Attributes.Select(a => new ContactAttributeRecord
        {
            ContactId = id, Name = a.Name, TextValue = a.TextValue, NumberValue = a.NumberValue, BooleanValue = a.BooleanValue, DateValue = a.DateValue,
        }).ToList(),
        fields.Tags);

    private static void ThrowIfTaken(ContactWriteResult result, IReadOnlyList<ContactIdentityRecord> given)
    {
        if (result.Status == ContactWriteStatus.IdentityTaken && result.TakenIdentity is { } taken)
        {
            var index = given.ToList().FindIndex(i => i.Kind == taken.Kind && i.Value == taken.Value);
            throw new AudienceConflictException(
                "An identity belongs to another contact.",
                index < 0 ? "identities" : $"identities[{index}].value",
                $"{taken.Kind} '{taken.Value}' belongs to contact {taken.ContactId}; merge the contacts or use upsert.");
        }
    }

    internal static ContactView ToView(StoredContact stored, IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> definitions)
    {
        var contact = stored.Contact;
        var attributes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var row in stored.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (definitions.TryGetValue(row.Name, out var definition))
            {
                attributes[row.Name] = AttributeValues.ToJson(definition.Type, row);
            }
        }

        return new ContactView(
            contact.Id,
            stored.Identities.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).Select(i => new IdentityView(i.Kind, i.Value)).ToList(),
            contact.TimeZone,
            contact.Locale,
            contact.LifecycleStage,
            contact.Score,
            contact.DoNotContact,
            attributes,
            stored.Tags.Order(StringComparer.Ordinal).ToList(),
            contact.CreatedAt,
            contact.UpdatedAt,
            contact.Revision);
    }
}
