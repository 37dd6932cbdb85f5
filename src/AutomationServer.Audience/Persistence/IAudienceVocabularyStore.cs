namespace AutomationServer.Audience.Persistence;

/// <summary>The names in use across the audience, for the designer's pickers: cheap reads, each capped.</summary>
public interface IAudienceVocabularyStore
{
    /// <summary>
    /// Distinct event names with at least one event since <paramref name="since"/>, in name order; at most
    /// <paramref name="limit"/> names, and at most <paramref name="scanLimit"/> distinct names looked at.
    /// </summary>
    Task<IReadOnlyList<string>> RecentEventNamesAsync(DateTime since, int limit, int scanLimit, CancellationToken cancellationToken);

    /// <summary>Distinct consent topics (never the channel-wide <c>""</c>), in name order; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ConsentTopicsAsync(int limit, CancellationToken cancellationToken);
}
