using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfConsentStore(IDbContextFactory<WorkflowDbContext> contexts) : IConsentStore
{
    public async Task<IReadOnlyList<ContactConsentRecord>> ListAsync(Guid contactId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactConsents.Where(c => c.ContactId == contactId).OrderBy(c => c.Channel).ThenBy(c => c.Topic).ToListAsync(cancellationToken);
    }

    public async Task SetAsync(ConsentChangeRecord change, ConsentConfirmationRecord? confirmation, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.ContactConsents.AsTracking()
            .SingleOrDefaultAsync(c => c.ContactId == change.ContactId && c.Channel == change.Channel && c.Topic == change.Topic, cancellationToken);
        if (current is null)
        {
            db.ContactConsents.Add(new ContactConsentRecord
            {
                ContactId = change.ContactId, Channel = change.Channel, Topic = change.Topic, Status = change.Status, Source = change.Source, UpdatedAt = change.OccurredAt,
            });
        }
        else
        {
            (current.Status, current.Source, current.UpdatedAt) = (change.Status, change.Source, change.OccurredAt);
        }

        // A new request replaces older open confirmations for the same consent: only the latest link works.
        await db.ConsentConfirmations.Where(c => c.ContactId == change.ContactId && c.Channel == change.Channel && c.Topic == change.Topic)
            .ExecuteDeleteAsync(cancellationToken);
        db.ConsentChanges.Add(change);
        if (confirmation is not null)
        {
            db.ConsentConfirmations.Add(confirmation);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ConsentConfirmationRecord?> TakeConfirmationAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var confirmation = await db.ConsentConfirmations.SingleOrDefaultAsync(c => c.TokenHash == tokenHash, cancellationToken);
        // Whoever deletes the row owns the confirmation: two clicks on one link confirm once.
        if (confirmation is null || await db.ConsentConfirmations.Where(c => c.TokenHash == tokenHash).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }

        return confirmation;
    }

    public async Task<IReadOnlyList<ConsentChangeRecord>> HistoryAsync(Guid contactId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConsentChanges.Where(c => c.ContactId == contactId).OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> AddSuppressionAsync(SuppressionRecord suppression, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Suppressions.AnyAsync(s => s.Channel == suppression.Channel && s.Address == suppression.Address, cancellationToken))
        {
            return false;
        }

        db.Suppressions.Add(suppression);
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

    public async Task<bool> RemoveSuppressionAsync(string channel, string address, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suppressions.Where(s => s.Channel == channel && s.Address == address).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<SuppressionRecord>> ListSuppressionsAsync(string channel, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suppressions.Where(s => s.Channel == channel).OrderBy(s => s.Address).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<string?> FindSuppressedAsync(string channel, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = addresses.ToArray();
        return await db.Suppressions.Where(s => s.Channel == channel && wanted.Contains(s.Address)).OrderBy(s => s.Address).Select(s => s.Address).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ContactConsentRecord>> ListForContactsAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0 || channels.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One parameter for the whole list (a JSON array or an array), so a dispatch batch of any size is one statement.
        var ids = contactIds.Distinct().ToArray();
        var wanted = channels.Distinct().ToArray();
        return await db.ContactConsents.Where(c => EF.Parameter(ids).Contains(c.ContactId) && EF.Parameter(wanted).Contains(c.Channel)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SuppressionRecord>> FindSuppressionsAsync(IReadOnlyCollection<string> channels, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        if (channels.Count == 0 || addresses.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wantedAddresses = addresses.Distinct().ToArray();
        var wantedChannels = channels.Distinct().ToArray();
        return await db.Suppressions.Where(s => EF.Parameter(wantedChannels).Contains(s.Channel) && EF.Parameter(wantedAddresses).Contains(s.Address)).ToListAsync(cancellationToken);
    }
}
