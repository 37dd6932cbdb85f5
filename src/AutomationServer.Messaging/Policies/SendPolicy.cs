using System.Globalization;
using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Policies;

/// <summary>
/// Decides a dispatch batch rule by rule, first refusal wins: address and do-not-contact, suppression, consent and topic
/// (marketing), frequency caps and quiet hours (marketing), throttling. Each rule that needs data reads it for the whole
/// batch in one query, so the number of queries does not grow with the batch.
/// </summary>
public sealed class SendPolicy(
    SendPolicySettings settings,
    IConsentStore consents,
    IRecentSendStore recentSends,
    IFrequencyPreferenceStore preferences,
    ChannelThrottle throttle,
    RecipientTimeZones timeZones) : ISendPolicy
{
    /// <summary>The window of a contact's personal cap (<see cref="IFrequencyPreferences"/>: messages per week).</summary>
    public static readonly TimeSpan PersonalCapWindow = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<PolicyDecision>> DecideAsync(IReadOnlyList<PolicyCandidate> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new Batch(candidates);
        foreach (var channel in batch.Channels.Distinct())
        {
            batch.Policies[channel] = await settings.ForChannelAsync(channel, cancellationToken);
        }

        DecideAddresses(batch);
        await DecideSuppressionsAsync(batch, cancellationToken);
        await DecideConsentAsync(batch, cancellationToken);
        await DecideTimingAsync(batch, now, cancellationToken);
        return batch.Decisions.Select(d => d ?? PolicyDecision.Allow).ToList();
    }

    private static void DecideAddresses(Batch batch)
    {
        foreach (var i in batch.Open())
        {
            var recipient = batch.Candidates[i].Recipient;
            if (string.IsNullOrWhiteSpace(recipient.Address))
            {
                batch.Decisions[i] = PolicyDecision.Skip(PolicyReasons.NoAddress, $"The contact has no {batch.Channels[i]} address.");
            }
            else if (recipient.DoNotContact)
            {
                batch.Decisions[i] = PolicyDecision.Skip(PolicyReasons.DoNotContact, "The contact is marked do-not-contact.");
            }
        }
    }

    /// <summary>Transactional messages too: nothing goes to a suppressed address, in plain or hashed (erased) form.</summary>
    private async Task DecideSuppressionsAsync(Batch batch, CancellationToken cancellationToken)
    {
        var open = batch.Open().ToList();
        if (open.Count == 0)
        {
            return;
        }

        var addressesByCandidate = open.ToDictionary(i => i, i => SuppressedAddress.LookupForms(Addresses(batch.Candidates[i].Recipient, batch.Channels[i])));
        var found = await consents.FindSuppressionsAsync(
            open.Select(i => batch.Channels[i]).Distinct().ToList(), addressesByCandidate.Values.SelectMany(a => a).Distinct().ToList(), cancellationToken);
        var suppressed = found.ToDictionary(s => (s.Channel, s.Address), s => s.Reason);
        foreach (var i in open)
        {
            foreach (var address in addressesByCandidate[i])
            {
                if (suppressed.TryGetValue((batch.Channels[i], address), out var why))
                {
                    var detail = string.IsNullOrWhiteSpace(why) ? "" : $" ({why})";
                    batch.Decisions[i] = PolicyDecision.Skip(PolicyReasons.Suppressed, $"The address is on the {batch.Channels[i]} suppression list{detail}.");
                    break;
                }
            }
        }
    }

    /// <summary>The consent model's own answer (<see cref="ConsentService.ConsentPermission"/>), for every marketing message of the batch.</summary>
    private async Task DecideConsentAsync(Batch batch, CancellationToken cancellationToken)
    {
        var open = batch.Open().Where(i => batch.Candidates[i].Purpose == MessagePurpose.Marketing).ToList();
        if (open.Count == 0)
        {
            return;
        }

        var contactIds = open.Select(i => batch.Candidates[i].Recipient.ContactId).OfType<Guid>().Distinct().ToList();
        var stored = await consents.ListForContactsAsync(contactIds, open.Select(i => batch.Channels[i]).Distinct().ToList(), cancellationToken);
        var byContactAndChannel = stored.ToLookup(c => (c.ContactId, c.Channel));
        foreach (var i in open)
        {
            var candidate = batch.Candidates[i];
            var channel = batch.Channels[i];
            if (candidate.Recipient.ContactId is not { } contactId)
            {
                batch.Decisions[i] = PolicyDecision.Skip(PolicyReasons.Consent, $"A marketing message to an address without a contact has no {channel} consent to rely on.");
                continue;
            }

            var permission = ConsentService.ConsentPermission(byContactAndChannel[(contactId, channel)], candidate.Topic);
            if (!permission.Allowed)
            {
                batch.Decisions[i] = ConsentDecision(permission, channel);
            }
        }
    }

    private static PolicyDecision ConsentDecision(ContactPermissionResult permission, string channel)
    {
        var topic = permission.Detail is { } detail && detail != "channel" ? detail : null;
        return (permission.Reason, topic) switch
        {
            (ContactPermission.Unsubscribed, null) => PolicyDecision.Skip(PolicyReasons.Consent, $"The contact unsubscribed from {channel}."),
            (ContactPermission.Pending, null) => PolicyDecision.Skip(PolicyReasons.Consent, $"The contact's {channel} consent waits for the double opt-in confirmation."),
            (ContactPermission.Unsubscribed, _) => PolicyDecision.Skip(PolicyReasons.Topic, $"The contact unsubscribed from the topic '{topic}' on {channel}."),
            (ContactPermission.Pending, _) => PolicyDecision.Skip(PolicyReasons.Topic, $"The contact's consent to the topic '{topic}' on {channel} waits for the double opt-in confirmation."),
            _ => PolicyDecision.Skip(PolicyReasons.Consent, $"The contact has not given consent to {channel} messages."),
        };
    }

    /// <summary>
    /// Frequency caps, quiet hours and throttling, one candidate after the other: a message allowed earlier in the batch
    /// counts against the caps of the next one, and only allowed messages take a throttle token.
    /// </summary>
    private async Task DecideTimingAsync(Batch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = batch.Open().ToList();
        var sends = await LoadSendsAsync(batch, open, now, cancellationToken);
        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in open)
        {
            var candidate = batch.Candidates[i];
            var channel = batch.Channels[i];
            var policy = batch.Policies[channel];
            var marketing = candidate.Purpose == MessagePurpose.Marketing;
            var contactId = candidate.Recipient.ContactId;
            if (marketing && contactId is { } capped && CapDecision(candidate, channel, policy, sends.Caps(capped, channel, policy), sends.Of(capped, channel), now) is { } overCap)
            {
                batch.Decisions[i] = overCap;
                continue;
            }

            if (marketing && policy.QuietHours is { } quiet)
            {
                var zone = timeZones.For(candidate.Recipient.TimeZone);
                if (quiet.EndOfWindow(now, zone) is { } end)
                {
                    batch.Decisions[i] = PolicyDecision.Defer(end, PolicyReasons.QuietHours,
                        $"Quiet hours {Clock(quiet.Start)}–{Clock(quiet.End)} in {zone.Id}; deferred to {Clock(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, zone).DateTime))} local time.");
                    continue;
                }
            }

            if (policy.RatePerSecond is { } rate)
            {
                var already = waiting.GetValueOrDefault(channel);
                if (throttle.TryTake(channel, rate, now, already) is { } tokenAt)
                {
                    waiting[channel] = already + 1;
                    batch.Decisions[i] = PolicyDecision.Defer(tokenAt, PolicyReasons.Throttled,
                        $"The {channel} channel sends at most {rate.ToString(CultureInfo.InvariantCulture)} messages a second on this node.");
                    continue;
                }
            }

            if (marketing && contactId is { } counted)
            {
                sends.Of(counted, channel).Add(now);
            }
        }
    }

    private static PolicyDecision? CapDecision(PolicyCandidate candidate, string channel, ChannelPolicy policy, IEnumerable<Cap> caps, List<DateTimeOffset> sent, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        Cap? binding = null;
        foreach (var cap in caps)
        {
            var counted = sent.Where(t => t > now - cap.Window).Order().ToList();
            if (counted.Count < cap.Max)
            {
                continue;
            }

            // Enough of the oldest counted sends must leave the window for one more to fit.
            var free = counted[counted.Count - cap.Max] + cap.Window;
            if (until is null || free > until)
            {
                (until, binding) = (free, cap);
            }
        }

        if (until is not { } deferTo || binding is null)
        {
            return null;
        }

        var limit = binding.Personal
            ? $"the contact chose at most {binding.Max} {channel} {(binding.Max == 1 ? "message" : "messages")} a week"
            : $"the {channel} cap is {binding.Max} per {PolicyReasons.Describe(binding.Window)}";
        var latest = (candidate.CreatedAt ?? now) + policy.MaxDeferral;
        return deferTo > latest
            ? PolicyDecision.Skip(PolicyReasons.FrequencyCap, $"Over the frequency cap ({limit}) until {Instant(deferTo)}, later than the {PolicyReasons.Describe(policy.MaxDeferral)} a message may wait.")
            : PolicyDecision.Defer(deferTo, PolicyReasons.FrequencyCap, $"Over the frequency cap ({limit}); the next one fits at {Instant(deferTo)}.");
    }

    private async Task<SendHistory> LoadSendsAsync(Batch batch, List<int> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var capped = open.Where(i => batch.Candidates[i].Purpose == MessagePurpose.Marketing && batch.Candidates[i].Recipient.ContactId is not null).ToList();
        var history = new SendHistory();
        if (capped.Count == 0)
        {
            return history;
        }

        var contactIds = capped.Select(i => batch.Candidates[i].Recipient.ContactId!.Value).Distinct().ToList();
        var channels = capped.Select(i => batch.Channels[i]).Distinct().ToList();
        foreach (var preference in await preferences.ListAsync(contactIds, channels, cancellationToken))
        {
            if (preference.MaxPerWeek is { } max)
            {
                history.Personal[(preference.ContactId, preference.Channel)] = max;
            }
        }

        var longest = channels.SelectMany(c => batch.Policies[c].FrequencyCaps.Select(cap => cap.Window))
            .Append(history.Personal.Count > 0 ? PersonalCapWindow : TimeSpan.Zero).Max();
        if (longest > TimeSpan.Zero)
        {
            foreach (var send in await recentSends.ListAsync(contactIds, channels, (now - longest).UtcDateTime, cancellationToken))
            {
                history.Of(send.ContactId, send.Channel).Add(new DateTimeOffset(DateTime.SpecifyKind(send.SentAt, DateTimeKind.Utc)));
            }
        }

        return history;
    }

    /// <summary>Where a suppression could match: the address on the channel and the contact's identity of that kind.</summary>
    private static IEnumerable<string> Addresses(Recipients.Recipient recipient, string channel)
    {
        if (!string.IsNullOrWhiteSpace(recipient.Address))
        {
            yield return recipient.Address.Trim();
        }

        if (ConsentService.AddressKind(channel) is { } kind && recipient.Identities.TryGetValue(kind, out var identity) && !string.IsNullOrWhiteSpace(identity))
        {
            yield return identity.Trim();
        }
    }

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private sealed class Batch(IReadOnlyList<PolicyCandidate> candidates)
    {
        public IReadOnlyList<PolicyCandidate> Candidates { get; } = candidates;

        public string[] Channels { get; } = candidates.Select(c => SendPolicyChannels.Normalize(c.Channel)).ToArray();

        public PolicyDecision?[] Decisions { get; } = new PolicyDecision?[candidates.Count];

        public Dictionary<string, ChannelPolicy> Policies { get; } = new(StringComparer.Ordinal);

        public IEnumerable<int> Open() => Enumerable.Range(0, Candidates.Count).Where(i => Decisions[i] is null);
    }

    private sealed record Cap(int Max, TimeSpan Window, bool Personal);

    private sealed class SendHistory
    {
        private readonly Dictionary<(Guid, string), List<DateTimeOffset>> _sent = [];

        public Dictionary<(Guid ContactId, string Channel), int> Personal { get; } = [];

        public List<DateTimeOffset> Of(Guid contactId, string channel)
        {
            if (!_sent.TryGetValue((contactId, channel), out var list))
            {
                list = [];
                _sent[(contactId, channel)] = list;
            }

            return list;
        }

        public IEnumerable<Cap> Caps(Guid contactId, string channel, ChannelPolicy policy)
        {
            var caps = policy.FrequencyCaps.Select(c => new Cap(c.Max, c.Window, Personal: false));
            return Personal.TryGetValue((contactId, channel), out var max) ? caps.Append(new Cap(max, PersonalCapWindow, Personal: true)) : caps;
        }
    }
}
