namespace AutomationServer.Audience.Persistence;

/// <summary>A contact with everything stored in its own rows: identities, attribute values and tags.</summary>
public sealed record StoredContact(
    ContactRecord Contact,
    IReadOnlyList<ContactIdentityRecord> Identities,
    IReadOnlyList<ContactAttributeRecord> Attributes,
    IReadOnlyList<string> Tags);

/// <summary>
/// Changes to one contact found by any of <see cref="Identities"/> (created when none matches). Null fields stay as
/// they are; <see cref="Attributes"/> overwrite those names only and <see cref="RemovedAttributes"/> are deleted;
/// <see cref="Tags"/> are added. When the identities
/// belong to several contacts they are merged into the one the first matching identity names.
/// </summary>
public sealed record ContactPatch(
    IReadOnlyList<ContactIdentityRecord> Identities,
    string? TimeZone,
    string? Locale,
    string? LifecycleStage,
    int? Score,
    bool? DoNotContact,
    IReadOnlyList<ContactAttributeRecord> Attributes,
    IReadOnlyList<string> RemovedAttributes,
    IReadOnlyList<string> Tags);

public sealed record ContactUpsertOutcome(Guid ContactId, bool Created, IReadOnlyList<Guid> MergedContactIds);

public enum ContactWriteStatus
{
    Written,
    NotFound,
    IdentityTaken,
    RevisionConflict,
}

/// <summary>The result of a create or replace; <see cref="TakenIdentity"/> names the identity another contact holds.</summary>
public sealed record ContactWriteResult(ContactWriteStatus Status, ContactIdentityRecord? TakenIdentity = null);

/// <summary>All given filters must hold. Attribute equality compares the typed column the value was converted to.</summary>
public sealed record ContactQuery(
    ContactIdentityRecord? Identity,
    string? Tag,
    ContactAttributeRecord? Attribute,
    int Skip,
    int Take);

public sealed record ContactPage(IReadOnlyList<StoredContact> Items, int Total);

public interface IContactStore
{
    Task<StoredContact?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<Guid?> FindIdAsync(string kind, string value, CancellationToken cancellationToken);

    Task<ContactWriteResult> CreateAsync(StoredContact contact, CancellationToken cancellationToken);

    /// <summary>Replaces the contact's fields, identities, attributes and tags; checks the revision when one is given.</summary>
    Task<ContactWriteResult> ReplaceAsync(StoredContact contact, int? expectedRevision, CancellationToken cancellationToken);

    /// <summary>Applies every patch in one transaction: all or nothing. Applying the same patches again changes nothing.</summary>
    Task<IReadOnlyList<ContactUpsertOutcome>> UpsertAsync(IReadOnlyList<ContactPatch> patches, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Moves identities, attributes the survivor lacks, tags, events, consents, consent history and segment
    /// memberships of <paramref name="mergedId"/> to <paramref name="survivorId"/> and deletes it, in one transaction.
    /// False when either contact does not exist.
    /// </summary>
    Task<bool> MergeAsync(Guid survivorId, Guid mergedId, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Finds the contacts of these anonymous visitor ids, creating a contact for each unknown one.</summary>
    Task<IReadOnlyDictionary<string, Guid>> EnsureAnonymousAsync(IReadOnlyCollection<string> anonymousIds, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>The contacts holding these identities; identities nobody holds are left out.</summary>
    Task<IReadOnlyDictionary<(string Kind, string Value), Guid>> FindIdsAsync(IReadOnlyCollection<(string Kind, string Value)> identities, CancellationToken cancellationToken);

    /// <summary>Which of these contact ids exist.</summary>
    Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    Task<ContactPage> SearchAsync(ContactQuery query, CancellationToken cancellationToken);
}
