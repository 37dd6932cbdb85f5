namespace AutomationServer.Messaging.Policies;

/// <summary>The contact's own weekly cap per channel, stored in <c>ContactFrequencyPreferences</c>.</summary>
public sealed class FrequencyPreferences(IFrequencyPreferenceStore store, TimeProvider clock) : IFrequencyPreferences
{
    public const int MaxSourceLength = 256;

    public async Task<int?> GetMaxPerWeekAsync(Guid contactId, string channel, CancellationToken cancellationToken)
    {
        var normalized = SendPolicyChannels.Normalize(channel);
        var stored = await store.ListAsync([contactId], [normalized], cancellationToken);
        return stored.FirstOrDefault()?.MaxPerWeek;
    }

    /// <exception cref="ArgumentException">A channel, cap or source that is not valid, or a contact that does not exist.</exception>
    public async Task SetMaxPerWeekAsync(Guid contactId, string channel, int? maxPerWeek, string source, CancellationToken cancellationToken)
    {
        var normalized = SendPolicyChannels.Normalize(channel ?? "");
        if (!SendPolicyChannels.IsValid(normalized))
        {
            throw new ArgumentException(SendPolicyChannels.Rule, nameof(channel));
        }

        if (maxPerWeek is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerWeek), maxPerWeek, "At least 1 message a week, or null for no personal limit.");
        }

        var normalizedSource = string.IsNullOrWhiteSpace(source) ? "api" : source.Trim();
        if (normalizedSource.Length > MaxSourceLength)
        {
            throw new ArgumentException($"The source is longer than {MaxSourceLength} characters.", nameof(source));
        }

        var record = new ContactFrequencyPreferenceRecord
        {
            ContactId = contactId,
            Channel = normalized,
            MaxPerWeek = maxPerWeek,
            Source = normalizedSource,
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await store.SaveAsync(record, cancellationToken))
        {
            throw new ArgumentException($"There is no contact {contactId}.", nameof(contactId));
        }
    }
}
