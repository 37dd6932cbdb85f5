using AutomationServer.Messaging.Rendering.Liquid;

namespace AutomationServer.Messaging.Rendering;

/// <summary>The segments a contact is a member of, with their names, in one query (for templates that use segments).</summary>
public interface IContactSegmentLookup
{
    Task<IReadOnlyList<ContactSegment>> GetAsync(Guid contactId, CancellationToken cancellationToken);
}
