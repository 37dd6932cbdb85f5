namespace AutomationServer.Audience.Persistence;

public interface IContactAttributeSchemaStore
{
    Task<IReadOnlyList<ContactAttributeDefinitionRecord>> ListAsync(CancellationToken cancellationToken);

    Task<ContactAttributeDefinitionRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>False when an attribute of that name exists already.</summary>
    Task<bool> AddAsync(ContactAttributeDefinitionRecord definition, CancellationToken cancellationToken);

    /// <summary>Deletes the definition and every value stored under it.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
