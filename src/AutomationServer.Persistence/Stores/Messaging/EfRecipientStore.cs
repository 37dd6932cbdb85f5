using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Persistence.Stores.Audience;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging;

internal sealed class EfRecipientStore(IDbContextFactory<WorkflowDbContext> contexts) : IRecipientStore
{
    public async Task<IReadOnlyList<StoredContact>> LoadAsync(IReadOnlyCollection<Guid> contactIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ContactQueries.LoadAsync(db, contactIds, cancellationToken);
    }
}
