using AutomationServer.Audience.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Audience;

internal sealed class EfAudienceVocabularyStore(IDbContextFactory<WorkflowDbContext> contexts) : IAudienceVocabularyStore
{
    public async Task<IReadOnlyList<string>> RecentEventNamesAsync(DateTime since, int limit, int scanLimit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = new List<string>();
        string? previous = null;

        // A loose index scan over (Name, OccurredAt): each step is two seeks (the next name, then whether it has a
        // recent event), so the cost grows with the number of distinct names, never with the number of events.
        for (var scanned = 0; scanned < scanLimit && names.Count < limit; scanned++)
        {
            var after = previous;
            var next = await db.ContactEvents
                .Where(e => after == null || string.Compare(e.Name, after) > 0)
                .OrderBy(e => e.Name)
                .Select(e => e.Name)
                .FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                break;
            }

            if (await db.ContactEvents.AnyAsync(e => e.Name == next && e.OccurredAt >= since, cancellationToken))
            {
                names.Add(next);
            }

            previous = next;
        }

        return names;
    }

    public async Task<IReadOnlyList<string>> ConsentTopicsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactConsents.Where(c => c.Topic != "").Select(c => c.Topic).Distinct().OrderBy(t => t).Take(limit).ToListAsync(cancellationToken);
    }
}
