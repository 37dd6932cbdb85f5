using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfContactAttributeSchemaStore(IDbContextFactory<WorkflowDbContext> contexts) : IContactAttributeSchemaStore
{
    public async Task<IReadOnlyList<ContactAttributeDefinitionRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactAttributeDefinitions.OrderBy(d => d.Name).ToListAsync(cancellationToken);
    }

    public async Task<ContactAttributeDefinitionRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactAttributeDefinitions.SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
    }

    public async Task<bool> AddAsync(ContactAttributeDefinitionRecord definition, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ContactAttributeDefinitions.AnyAsync(d => d.Name == definition.Name, cancellationToken))
        {
            return false;
        }

        db.ContactAttributeDefinitions.Add(definition);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ContactAttributes.Where(a => a.Name == name).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.ContactAttributeDefinitions.Where(d => d.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
