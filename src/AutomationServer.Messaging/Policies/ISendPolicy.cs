using AutomationServer.Messaging.Recipients;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Policies;

/// <summary>
/// The one place that decides "may this contact get this message now": consent for the channel and topic,
/// suppression, do-not-contact, frequency caps, quiet hours in the contact's time zone and per-channel throttling.
/// Decides for a whole dispatch batch at once, so each rule costs one query per batch rather than one per message.
/// </summary>
public interface ISendPolicy
{
    /// <summary>One decision per candidate, in the same order.</summary>
    Task<IReadOnlyList<PolicyDecision>> DecideAsync(IReadOnlyList<PolicyCandidate> candidates, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A due message about to be rendered and sent.</summary>
public sealed record PolicyCandidate(Guid MessageId, string Channel, MessagePurpose Purpose, string? Topic, Recipient Recipient)
{
    /// <summary>When the message was queued (<c>MessageRecord.CreatedAt</c>): a capped message waits at most the channel's MaxDeferral after it. Null: now.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

public enum PolicyVerdict
{
    Allow,

    /// <summary>Never send it (no consent, suppressed...): the message ends as <see cref="MessageState.Skipped"/>.</summary>
    Skip,

    /// <summary>Not now (quiet hours, frequency cap window, throttling): the message waits until <see cref="PolicyDecision.DeferUntil"/>.</summary>
    Defer,
}

/// <param name="ReasonCode">Machine-readable cause: <c>consent</c>, <c>topic</c>, <c>suppressed</c>, <c>do_not_contact</c>, <c>no_address</c>, <c>frequency_cap</c>, <c>quiet_hours</c>, <c>throttled</c>.</param>
/// <param name="Reason">The same in words an operator understands, shown in the contact's message history.</param>
public sealed record PolicyDecision(PolicyVerdict Verdict, string? ReasonCode = null, string? Reason = null, DateTimeOffset? DeferUntil = null)
{
    public static PolicyDecision Allow { get; } = new(PolicyVerdict.Allow);

    public static PolicyDecision Skip(string reasonCode, string reason) => new(PolicyVerdict.Skip, reasonCode, reason);

    public static PolicyDecision Defer(DateTimeOffset until, string reasonCode, string reason) => new(PolicyVerdict.Defer, reasonCode, reason, until);
}
