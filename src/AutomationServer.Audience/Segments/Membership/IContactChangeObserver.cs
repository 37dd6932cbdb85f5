namespace AutomationServer.Audience.Segments.Membership;

/// <summary>
/// Told by the <see cref="SegmentUpdateWorker"/> about each changed contact right after its segments were updated
/// (scoring's attribute and stage rules). True when it changed the contact, so segments are evaluated once more.
/// </summary>
public interface IContactChangeObserver
{
    Task<bool> ContactChangedAsync(Guid contactId, CancellationToken cancellationToken);
}
