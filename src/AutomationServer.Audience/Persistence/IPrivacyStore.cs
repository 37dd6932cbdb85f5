using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Audience.Persistence;

/// <summary>The rows about a contact that its own record (<see cref="IContactStore.GetAsync"/>) does not carry.</summary>
public sealed record ContactHoldings(
    IReadOnlyList<ContactEventRecord> Events,
    IReadOnlyList<ContactConsentRecord> Consents,
    IReadOnlyList<ConsentChangeRecord> ConsentChanges,
    IReadOnlyList<ConsentConfirmationRecord> OpenConfirmations,
    IReadOnlyList<(SegmentMembershipRecord Membership, string SegmentName)> Memberships,
    IReadOnlyList<SuppressionRecord> Suppressions,
    IReadOnlyList<WorkflowInstanceRecord> Instances,
    IReadOnlyList<MessageRecord> Messages);

/// <summary>What an erasure removed or scrubbed, by kind of row: counts only, so it can be logged without personal data.</summary>
public sealed record ErasureCounts(
    int Identities,
    int Attributes,
    int Tags,
    int Events,
    int Consents,
    int ConsentChanges,
    int ConsentConfirmations,
    int SegmentMemberships,
    int SuppressionsRemoved,
    int SuppressionsKept,
    int InstancesScrubbed,
    int InstancesCancelled,
    int BookmarksDeleted,
    int IncidentsScrubbed,
    int FrequencyPreferences = 0,
    int Messages = 0,
    int MessageEvents = 0);

public interface IPrivacyStore
{
    /// <summary>
    /// Everything keyed to the contact (its messages included), plus the suppressions of <paramref name="addresses"/> and the workflow instances
    /// correlated with the contact (correlation id = contact id in "N" format).
    /// </summary>
    Task<ContactHoldings> LoadAsync(Guid contactId, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: deletes the contact and every row keyed to it (its messages and their events too), cancels its running and suspended instances
    /// (their bookmarks deleted) and scrubs input, variables, output and correlation id from all its instances, and
    /// removes the suppressions of <paramref name="addresses"/> unless <paramref name="keepSuppressions"/>.
    /// Null when the contact does not exist.
    /// </summary>
    /// <remarks>
    /// Kept suppressions are rewritten to their hashed form (<c>SuppressedAddress.Hashed</c>), so they still block the
    /// address while the address itself is gone. <paramref name="audit"/> is stored in the same transaction, its counts filled in.
    /// </remarks>
    Task<ErasureCounts?> EraseAsync(Guid contactId, IReadOnlyCollection<string> addresses, bool keepSuppressions, ContactErasureRecord audit, CancellationToken cancellationToken);

    /// <summary>Erasure audit records, newest first; only those of <paramref name="contactId"/> when given.</summary>
    Task<IReadOnlyList<ContactErasureRecord>> ListErasuresAsync(Guid? contactId, int skip, int take, CancellationToken cancellationToken);
}
