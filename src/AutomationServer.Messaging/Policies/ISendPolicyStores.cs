namespace AutomationServer.Messaging.Policies;

public interface ISendPolicySettingsStore
{
    Task<IReadOnlyList<SendPolicySettingsRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the channel's row.</summary>
    Task SaveAsync(SendPolicySettingsRecord settings, CancellationToken cancellationToken);
}

public interface IFrequencyPreferenceStore
{
    /// <summary>The stored choices of these contacts on these channels, in one query whatever the number of contacts.</summary>
    Task<IReadOnlyList<ContactFrequencyPreferenceRecord>> ListAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the contact's choice; false when the contact does not exist.</summary>
    Task<bool> SaveAsync(ContactFrequencyPreferenceRecord preference, CancellationToken cancellationToken);
}

public interface IRecentSendStore
{
    /// <summary>
    /// Marketing messages of these contacts on these channels with state Sent and <c>SentAt</c> at or after
    /// <paramref name="sinceUtc"/> (every journey, and messages sent outside journeys), in one query.
    /// </summary>
    Task<IReadOnlyList<RecentSend>> ListAsync(IReadOnlyCollection<Guid> contactIds, IReadOnlyCollection<string> channels, DateTime sinceUtc, CancellationToken cancellationToken);
}
