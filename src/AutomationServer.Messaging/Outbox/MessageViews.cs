using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Outbox;

/// <summary>One message as the API and the contact's history show it: state and why, never the stored request itself.</summary>
public sealed record MessageView(
    Guid Id,
    string Channel,
    Guid? ContactId,
    Guid? InstanceId,
    string? DefinitionId,
    string? ActivityId,
    string? TemplateId,
    string? Topic,
    string Purpose,
    string State,
    string? ReasonCode,
    string? Reason,
    int Attempts,
    DateTime DueAt,
    string? Recipient,
    string? Subject,
    string? ProviderMessageId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SentAt,
    DateTime? DeliveredAt,
    DateTime? OpenedAt,
    DateTime? ClickedAt,
    DateTime? BouncedAt,
    DateTime? ComplainedAt,
    DateTime? UnsubscribedAt);

public sealed record MessageEventView(Guid Id, string Kind, DateTime OccurredAt, string? Detail);

public sealed record MessageDetails(MessageView Message, IReadOnlyList<MessageEventView> Events);

public sealed record MessageListView(IReadOnlyList<MessageView> Items, int Total, int Skip, int Take);

public enum RetryOutcome
{
    Queued,
    NotFound,
    NotRetryable,
}

internal static class MessageViews
{
    public static MessageView ToView(Workflows.Persistence.MessageRecord m) => new(
        m.Id, m.Channel, m.ContactId, m.InstanceId, m.DefinitionId, m.ActivityId, m.TemplateId, m.Topic, m.Purpose.ToString(),
        m.State.ToString(), m.ReasonCode, m.Reason, m.Attempts, m.DueAt, m.Recipient, m.Subject, m.ProviderMessageId, m.CreatedAt, m.UpdatedAt,
        m.SentAt, m.DeliveredAt, m.OpenedAt, m.ClickedAt, m.BouncedAt, m.ComplainedAt, m.UnsubscribedAt);

    public static MessageEventView ToView(MessageEventRecord e) => new(e.Id, e.Kind.ToString(), e.OccurredAt, e.Detail);

    public static bool TryParseState(string text, out MessageState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);
}
