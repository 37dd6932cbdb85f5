using System.Text.RegularExpressions;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;

namespace AutomationServer.Audience.Contacts;

/// <summary>The custom attribute schema: a value is only stored under a defined name and in its type.</summary>
public sealed partial class AttributeSchemaService(IContactAttributeSchemaStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<AttributeDefinitionView>> ListAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<AttributeDefinitionView?> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) is { } definition ? ToView(definition) : null;

    public async Task<AttributeDefinitionView> DefineAsync(AttributeDefinitionInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > AudienceTables.NameLength || !NamePattern().IsMatch(name))
        {
            errors.Add("name", $"An attribute name starts with a letter and holds letters, digits and '_' only (at most {AudienceTables.NameLength} characters).");
        }

        var type = input.Type?.Trim().ToLowerInvariant();
        if (type is null || !AttributeTypes.All.Contains(type))
        {
            errors.Add("type", $"The type is one of: {string.Join(", ", AttributeTypes.All)}.");
        }

        if (input.DisplayName is { Length: > AudienceTables.DisplayLength })
        {
            errors.Add("displayName", $"The display name is longer than {AudienceTables.DisplayLength} characters.");
        }

        errors.ThrowIfAny("The attribute definition is invalid.");
        var definition = new ContactAttributeDefinitionRecord
        {
            Name = name!,
            Type = type!,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await store.AddAsync(definition, cancellationToken))
        {
            throw new AudienceConflictException("The attribute exists already.", "name", $"An attribute named '{name}' is defined; delete it first to change its type.");
        }

        return ToView(definition);
    }

    /// <summary>Deletes the definition and every contact's value of it.</summary>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => store.DeleteAsync(name, cancellationToken);

    private static AttributeDefinitionView ToView(ContactAttributeDefinitionRecord d) => new(d.Name, d.Type, d.DisplayName, d.CreatedAt);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}
