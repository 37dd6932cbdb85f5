using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Outbox;

/// <summary>The host's <see cref="IMessageHistory"/>: the message row and, for clicks, its events.</summary>
public sealed class MessageHistory(IMessageStore store) : IMessageHistory
{
    public async ValueTask<MessageSummary?> FindAsync(Guid messageId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(messageId, cancellationToken) is not { } message)
        {
            return null;
        }

        IReadOnlyList<string> clicked = [];
        if (message.ClickedAt is not null)
        {
            clicked = (await store.EventsAsync(messageId, cancellationToken))
                .Where(e => e.Kind == DeliveryEventKind.Clicked && !string.IsNullOrEmpty(e.Detail))
                .Select(e => e.Detail!)
                .ToList();
        }

        return new MessageSummary
        {
            MessageId = message.Id,
            Channel = message.Channel,
            State = message.State,
            Reason = message.Reason,
            SentAt = AsOffset(message.SentAt),
            DeliveredAt = AsOffset(message.DeliveredAt),
            OpenedAt = AsOffset(message.OpenedAt),
            ClickedAt = AsOffset(message.ClickedAt),
            ClickedUrls = clicked,
        };
    }

    private static DateTimeOffset? AsOffset(DateTime? utc) => utc is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
