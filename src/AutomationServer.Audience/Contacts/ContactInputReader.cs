using System.Globalization;
using System.Text.Json;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;

namespace AutomationServer.Audience.Contacts;

/// <summary>A validated, normalized <see cref="ContactInput"/>.</summary>
internal sealed record ContactFields(
    IReadOnlyList<ContactIdentityRecord> Identities,
    string? TimeZone,
    string? Locale,
    string? LifecycleStage,
    int? Score,
    bool? DoNotContact,
    IReadOnlyList<ContactAttributeRecord> Attributes,
    IReadOnlyList<string> RemovedAttributes,
    IReadOnlyList<string> Tags)
{
    public ContactPatch ToPatch() => new(Identities, TimeZone, Locale, LifecycleStage, Score, DoNotContact, Attributes, RemovedAttributes, Tags);
}

/// <summary>Validates and normalizes contact input, reporting each problem under its field path (prefixed for batches).</summary>
internal sealed class ContactInputReader(IdentityNormalizer identities, IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> schema)
{
    public const int MaxIdentities = 50;
    public const int MaxTags = 100;

    public ContactFields Read(ContactInput input, string prefix, FieldErrors errors, bool requireIdentity)
    {
        var identityRows = ReadIdentities(input.Identities, prefix, errors, requireIdentity);
        var timeZone = ReadTimeZone(input.TimeZone, prefix + "timeZone", errors);
        var locale = ReadLocale(input.Locale, prefix + "locale", errors);
        var stage = input.LifecycleStage?.Trim();
        if (stage is { Length: > AudienceTables.NameLength })
        {
            errors.Add(prefix + "lifecycleStage", $"The lifecycle stage is longer than {AudienceTables.NameLength} characters.");
        }

        var (attributes, removed) = ReadAttributes(input.Attributes, prefix + "attributes", errors);
        var tags = ReadTags(input.Tags, prefix + "tags", errors);
        return new ContactFields(identityRows, timeZone, locale, string.IsNullOrEmpty(stage) ? null : stage, input.Score, input.DoNotContact, attributes, removed, tags);
    }

    public List<ContactIdentityRecord> ReadIdentities(IReadOnlyList<IdentityInput>? inputs, string prefix, FieldErrors errors, bool requireIdentity)
    {
        var rows = new List<ContactIdentityRecord>();
        if (inputs is null || inputs.Count == 0)
        {
            if (requireIdentity)
            {
                errors.Add(prefix + "identities", "At least one identity (email, phone, anonymous or external:<system>) is required.");
            }

            return rows;
        }

        if (inputs.Count > MaxIdentities)
        {
            errors.Add(prefix + "identities", $"At most {MaxIdentities} identities per contact.");
            return rows;
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var kind = inputs[i]?.Kind?.Trim();
            var (value, error) = identities.Normalize(kind, inputs[i]?.Value);
            if (error is not null)
            {
                errors.Add($"{prefix}identities[{i}].{(string.IsNullOrWhiteSpace(kind) ? "kind" : "value")}", error);
            }
            else if (!rows.Any(r => r.Kind == kind && r.Value == value))
            {
                rows.Add(new ContactIdentityRecord { Kind = kind!, Value = value! });
            }
        }

        return rows;
    }

    private (List<ContactAttributeRecord> Rows, List<string> Removed) ReadAttributes(IReadOnlyDictionary<string, JsonElement>? attributes, string field, FieldErrors errors)
    {
        var rows = new List<ContactAttributeRecord>();
        var removed = new List<string>();
        foreach (var (name, value) in attributes ?? new Dictionary<string, JsonElement>())
        {
            if (!schema.TryGetValue(name, out var definition))
            {
                errors.Add($"{field}.{name}", $"No attribute named '{name}' is defined; define it with POST /api/audience/attributes first.");
                continue;
            }

            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                removed.Add(name);
                continue;
            }

            var (row, error) = AttributeValues.ToRow(Guid.Empty, definition, value);
            if (error is not null)
            {
                errors.Add($"{field}.{name}", $"'{name}' is a {definition.Type} attribute. {error}");
            }
            else
            {
                rows.Add(row!);
            }
        }

        return (rows, removed);
    }

    private static List<string> ReadTags(IReadOnlyList<string>? tags, string field, FieldErrors errors)
    {
        var result = new List<string>();
        if (tags is null)
        {
            return result;
        }

        if (tags.Count > MaxTags)
        {
            errors.Add(field, $"At most {MaxTags} tags per contact.");
            return result;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i]?.Trim();
            if (string.IsNullOrEmpty(tag) || tag.Length > AudienceTables.NameLength)
            {
                errors.Add($"{field}[{i}]", $"A tag is 1 to {AudienceTables.NameLength} characters.");
            }
            else if (!result.Contains(tag, StringComparer.Ordinal))
            {
                result.Add(tag);
            }
        }

        return result;
    }

    public static string? ReadTimeZone(string? timeZone, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return null;
        }

        var id = timeZone.Trim();
        // HasIanaId rules out Windows ids, which the runtime also resolves on Linux but other systems would not understand.
        if (id.Length > AudienceTables.NameLength || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            errors.Add(field, $"'{timeZone}' is not an IANA time zone id such as Europe/Berlin or America/New_York.");
            return null;
        }

        return zone.Id;
    }

    public static string? ReadLocale(string? locale, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(locale.Trim(), predefinedOnly: true);
            if (culture.Name.Length > 0 && culture.Name.Length <= AudienceTables.KindLength)
            {
                return culture.Name;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        errors.Add(field, $"'{locale}' is not a known locale (BCP 47, e.g. en-US or de).");
        return null;
    }
}
