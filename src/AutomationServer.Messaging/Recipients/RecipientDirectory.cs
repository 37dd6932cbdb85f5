using System.Globalization;
using System.Text.Json;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Messaging.Recipients;

/// <summary>Recipients from the audience: one load of the batch's contacts and one of the attribute schema.</summary>
public sealed class RecipientDirectory(IRecipientStore store, IContactAttributeSchemaStore schema) : IRecipientDirectory
{
    public async Task<IReadOnlyDictionary<Guid, Recipient>> GetAsync(IReadOnlyCollection<Guid> contactIds, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contactIds);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var result = new Dictionary<Guid, Recipient>(contactIds.Count);
        if (contactIds.Count == 0)
        {
            return result;
        }

        var contacts = await store.LoadAsync(contactIds, cancellationToken);
        var types = contacts.Any(c => c.Attributes.Count > 0)
            ? (await schema.ListAsync(cancellationToken)).ToDictionary(d => d.Name, d => d.Type, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var contact in contacts)
        {
            result[contact.Contact.Id] = ToRecipient(contact, channel, types);
        }

        return result;
    }

    public static Recipient ToRecipient(StoredContact contact, string channel, IReadOnlyDictionary<string, string> attributeTypes)
    {
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var identity in contact.Identities.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal))
        {
            identities.TryAdd(identity.Kind, identity.Value);
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var attribute in contact.Attributes)
        {
            attributes[attribute.Name] = PlainValue(attributeTypes.GetValueOrDefault(attribute.Name), attribute);
        }

        return new Recipient
        {
            ContactId = contact.Contact.Id,
            Address = ChannelAddresses.AddressOf(contact, channel),
            TimeZone = contact.Contact.TimeZone,
            Locale = contact.Contact.Locale,
            DoNotContact = contact.Contact.DoNotContact,
            LifecycleStage = contact.Contact.LifecycleStage,
            Score = contact.Contact.Score,
            Identities = identities,
            Attributes = attributes,
            Tags = contact.Tags.Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>The value as templates and rules see it: string, decimal, bool, date text, or a list of plain values.</summary>
    private static object? PlainValue(string? type, ContactAttributeRecord row) => type switch
    {
        AttributeTypes.Number => row.NumberValue,
        AttributeTypes.Boolean => row.BooleanValue,
        AttributeTypes.Date => row.DateValue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        AttributeTypes.DateTime => row.DateValue?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        AttributeTypes.List => ParseList(row.TextValue),
        AttributeTypes.String => row.TextValue,
        // A value whose definition was removed meanwhile: whichever column holds it.
        _ => (object?)row.TextValue ?? (object?)row.NumberValue ?? (object?)row.BooleanValue ?? row.DateValue,
    };

    private static object? ParseList(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return InputJson.ToClr(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
