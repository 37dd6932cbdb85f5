using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Vocabulary;
using AutomationServer.Messaging.Policies;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Messaging.Tracking;

internal sealed record TopicChoice(string Name, bool Subscribed);

/// <summary>A contact's email preferences as the preference centre shows them.</summary>
internal sealed record EmailPreferences(IReadOnlyList<TopicChoice> Topics, bool UnsubscribedFromAll, int? MaxPerWeek, bool OffersFrequency);

/// <summary>A frequency the page offers, as the personal cap of <see cref="IFrequencyPreferences"/>.</summary>
internal sealed record FrequencyChoice(string Value, int? MaxPerWeek, string Label);

/// <summary>
/// Reads and saves what the preference centre shows: email consent per topic (every topic in use, from the audience
/// vocabulary, plus the contact's own), "unsubscribe from everything" (the channel-wide consent), and the personal
/// frequency cap when the send policies offer one (<see cref="IFrequencyPreferences"/>). Only topics the page showed are
/// changed, so a crafted form cannot invent topics.
/// </summary>
internal sealed class PreferenceCentre(ConsentService consent, AudienceVocabularyService vocabulary, IFrequencyPreferences? frequency = null)
{
    public const string Channel = "email";
    public const string Source = "preference-centre";

    /// <summary>The source <see cref="IFrequencyPreferences.SetMaxPerWeekAsync"/> documents for this page.</summary>
    public const string FrequencySource = "preference_centre";

    public static readonly IReadOnlyList<FrequencyChoice> Frequencies =
    [
        new("any", null, "Whenever there is something new"),
        new("3-per-week", 3, "At most 3 emails a week"),
        new("1-per-week", 1, "At most 1 email a week"),
    ];

    /// <summary>Null when the contact no longer exists.</summary>
    public async Task<EmailPreferences?> LoadAsync(Guid contactId, CancellationToken cancellationToken)
    {
        if (await consent.ListAsync(contactId, cancellationToken) is not { } consents)
        {
            return null;
        }

        var email = consents.Where(c => c.Channel == Channel).ToList();
        var channelWide = email.FirstOrDefault(c => c.Topic.Length == 0)?.Status;
        var names = (await vocabulary.TopicsAsync(cancellationToken)).Concat(email.Select(c => c.Topic))
            .Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var topics = names.Select(name => new TopicChoice(name,
            (email.FirstOrDefault(c => c.Topic == name)?.Status ?? channelWide) == ConsentStatus.Subscribed)).ToList();
        var maxPerWeek = frequency is null ? null : await frequency.GetMaxPerWeekAsync(contactId, Channel, cancellationToken);
        return new EmailPreferences(topics, channelWide == ConsentStatus.Unsubscribed, maxPerWeek, frequency is not null);
    }

    /// <summary>Applies the submitted form; returns the preferences afterwards, or null when the contact no longer exists.</summary>
    public async Task<EmailPreferences?> SaveAsync(Guid contactId, IFormCollection form, CancellationToken cancellationToken)
    {
        if (await LoadAsync(contactId, cancellationToken) is not { } before)
        {
            return null;
        }

        var everything = form["all"].Contains("unsubscribe");
        if (everything != before.UnsubscribedFromAll)
        {
            await SetAsync(contactId, "", subscribed: !everything, cancellationToken);
            // Topics without their own consent follow the channel's, so compare the choices with what they are now.
            before = await LoadAsync(contactId, cancellationToken) ?? before;
        }

        if (!everything)
        {
            var chosen = form["topic"].Where(t => t is not null).ToHashSet(StringComparer.Ordinal);
            foreach (var topic in before.Topics.Where(t => chosen.Contains(t.Name) != t.Subscribed))
            {
                await SetAsync(contactId, topic.Name, subscribed: !topic.Subscribed, cancellationToken);
            }
        }

        if (frequency is not null && Frequencies.FirstOrDefault(f => form["frequency"].Contains(f.Value)) is { } choice && choice.MaxPerWeek != before.MaxPerWeek)
        {
            await frequency.SetMaxPerWeekAsync(contactId, Channel, choice.MaxPerWeek, FrequencySource, cancellationToken);
        }

        return await LoadAsync(contactId, cancellationToken);
    }

    private Task<bool> SetAsync(Guid contactId, string topic, bool subscribed, CancellationToken cancellationToken) =>
        consent.SetAsync(contactId, new ConsentInput(Channel, topic, subscribed ? nameof(ConsentStatus.Subscribed) : nameof(ConsentStatus.Unsubscribed), Source), cancellationToken);
}
