namespace AutomationServer.Audience.Persistence;

public interface IConsentStore
{
    Task<IReadOnlyList<ContactConsentRecord>> ListAsync(Guid contactId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the current consent and appends <paramref name="change"/> to the history in one transaction; stores
    /// <paramref name="confirmation"/> too when given (a double opt-in request).
    /// </summary>
    Task SetAsync(ConsentChangeRecord change, ConsentConfirmationRecord? confirmation, CancellationToken cancellationToken);

    /// <summary>Removes and returns the open confirmation with this token hash, expired or not.</summary>
    Task<ConsentConfirmationRecord?> TakeConfirmationAsync(string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConsentChangeRecord>> HistoryAsync(Guid contactId, CancellationToken cancellationToken);

    /// <summary>False when the address is suppressed already.</summary>
    Task<bool> AddSuppressionAsync(SuppressionRecord suppression, CancellationToken cancellationToken);

    Task<bool> RemoveSuppressionAsync(string channel, string address, CancellationToken cancellationToken);

    Task<IReadOnlyList<SuppressionRecord>> ListSuppressionsAsync(string channel, int skip, int take, CancellationToken cancellationToken);

    /// <summary>The first of <paramref name="addresses"/> suppressed on the channel, or null.</summary>
    Task<string?> FindSuppressedAsync(string channel, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);

    /// <summary>The current consents of these contacts on these channels, in one query whatever the number of contacts.</summary>
    Task<IReadOnlyList<ContactConsentRecord>> ListForContactsAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, CancellationToken cancellationToken);

    /// <summary>The suppressions among <paramref name="addresses"/> (plain or hashed forms) on these channels, in one query.</summary>
    Task<IReadOnlyList<SuppressionRecord>> FindSuppressionsAsync(IReadOnlyCollection<string> channels, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);
}
