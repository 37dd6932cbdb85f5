using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Rendering.Liquid;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging.Templates;

internal sealed class EfContactSegmentLookup(IDbContextFactory<WorkflowDbContext> contexts) : IContactSegmentLookup
{
    public async Task<IReadOnlyList<ContactSegment>> GetAsync(Guid contactId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.SegmentMemberships.Where(m => m.ContactId == contactId)
            .Join(db.Segments, m => m.SegmentId, s => s.Id, (m, s) => new { s.Id, s.Name })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ContactSegment(r.Id, r.Name)).ToList();
    }
}
