using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence;

/// <summary>Marks due, unclaimed bookmarks as claimed and returns exactly the ones this call claimed.</summary>
public interface IDueBookmarkClaimer
{
    /// <param name="nowUtc">UTC; bookmarks due at or before it, whose claim is absent or expired, are claimable.</param>
    /// <param name="claimUntilUtc">UTC; written to the claimed bookmarks.</param>
    Task<List<BookmarkRecord>> ClaimAsync(WorkflowDbContext db, DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken);
}
