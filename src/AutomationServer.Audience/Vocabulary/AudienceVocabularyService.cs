using AutomationServer.Audience.Events;
using AutomationServer.Audience.Persistence;

namespace AutomationServer.Audience.Vocabulary;

/// <summary>Event names recently seen, alongside the standard ones.</summary>
public sealed record EventNameList(IReadOnlyList<string> Standard, IReadOnlyList<string> Recent);

/// <summary>What the designer's pickers offer: names already in use, so journeys refer to real events and topics.</summary>
public sealed class AudienceVocabularyService(IAudienceVocabularyStore store, TimeProvider clock)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(30);
    public const int MaxNames = 200;

    // Distinct names looked at before giving up: bounds the work when many old names have no recent event.
    private const int MaxNamesScanned = 1000;

    /// <summary>The standard event names, and the other names tracked in the last 30 days (at most <see cref="MaxNames"/>).</summary>
    public async Task<EventNameList> EventNamesAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - RecentWindow;
        var recent = await store.RecentEventNamesAsync(since, MaxNames + EventNames.Standard.Count, MaxNamesScanned, cancellationToken);
        var standard = EventNames.Standard.ToHashSet(StringComparer.Ordinal);
        return new EventNameList(EventNames.Standard, recent.Where(n => !standard.Contains(n)).Take(MaxNames).ToList());
    }

    /// <summary>The consent topics contacts have a consent for, at most <see cref="MaxNames"/>.</summary>
    public Task<IReadOnlyList<string>> TopicsAsync(CancellationToken cancellationToken) => store.ConsentTopicsAsync(MaxNames, cancellationToken);
}
