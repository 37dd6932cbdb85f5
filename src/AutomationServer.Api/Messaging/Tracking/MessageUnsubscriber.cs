using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>What an unsubscribe link did.</summary>
internal sealed record UnsubscribeOutcome(bool ContactExists, bool Changed, string Channel, string Topic);

/// <summary>
/// Unsubscribes the contact of an unsubscribe link from what the message was about: its topic when it had one, else its
/// whole channel. Idempotent: when the consent already says Unsubscribed nothing is written and nothing reported, so a
/// mailbox provider repeating the RFC 8058 POST, or a double click, changes nothing.
/// </summary>
internal sealed class MessageUnsubscriber(
    IDbContextFactory<WorkflowDbContext> contexts,
    ConsentService consent,
    EngagementReporter events,
    TimeProvider clock)
{
    public const string DefaultChannel = "email";

    public async Task<UnsubscribeOutcome> UnsubscribeAsync(Guid messageId, Guid contactId, string source, CancellationToken cancellationToken)
    {
        // Read-only: the send pipeline owns the row (UnsubscribedAt is set there from the reported event).
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId)
            .Select(m => new { m.Channel, m.Topic }).FirstOrDefaultAsync(cancellationToken);
        var channel = string.IsNullOrWhiteSpace(message?.Channel) ? DefaultChannel : message.Channel.Trim().ToLowerInvariant();
        var topic = message?.Topic?.Trim() ?? "";

        var current = await consent.ListAsync(contactId, cancellationToken);
        if (current is null)
        {
            return new UnsubscribeOutcome(false, false, channel, topic);
        }

        var already = current.Any(c => c.Channel == channel && c.Status == ConsentStatus.Unsubscribed && (c.Topic == topic || c.Topic.Length == 0));
        if (already)
        {
            return new UnsubscribeOutcome(true, false, channel, topic);
        }

        await consent.SetAsync(contactId, new ConsentInput(channel, topic, nameof(ConsentStatus.Unsubscribed), source), cancellationToken);
        await events.ReportAsync(new DeliveryEvent
        {
            Channel = channel,
            Kind = DeliveryEventKind.Unsubscribed,
            MessageId = messageId,
            OccurredAt = clock.GetUtcNow(),
            Detail = topic.Length > 0 ? topic : null,
        }, cancellationToken);

        return new UnsubscribeOutcome(true, true, channel, topic);
    }
}
