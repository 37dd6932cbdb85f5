namespace AutomationServer.Messaging.Policies;

/// <summary>
/// How often a contact chose to hear from us on a channel (the preference centre's "frequency"): a personal cap the
/// frequency-cap rule applies on top of the channel's own. Null means "no personal limit".
/// </summary>
public interface IFrequencyPreferences
{
    Task<int?> GetMaxPerWeekAsync(Guid contactId, string channel, CancellationToken cancellationToken);

    /// <param name="source">Where the choice was made (<c>preference_centre</c>, <c>api</c>), kept with the change.</param>
    Task SetMaxPerWeekAsync(Guid contactId, string channel, int? maxPerWeek, string source, CancellationToken cancellationToken);
}
