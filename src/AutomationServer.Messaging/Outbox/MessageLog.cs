using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Outbox;

/// <summary>The message log for operators: filtered lists, one message with its events, a contact's history, and retry.</summary>
public sealed class MessageLog(IMessageStore store, IContactStore contacts, OutboxWakeup wakeup, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task<MessageListView> ListAsync(
        Guid? contactId, string? state, string? channel, string? definitionId, int skip, int take, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        MessageState? parsedState = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (MessageViews.TryParseState(state.Trim(), out var known))
            {
                parsedState = known;
            }
            else
            {
                errors.Add("state", $"'{state}' is not a message state; one of {string.Join(", ", Enum.GetNames<MessageState>())}.");
            }
        }

        CheckPage(errors, skip, take);
        errors.ThrowIfAny("The message query is invalid.");
        var page = await store.ListAsync(new MessageQuery(
            contactId, parsedState, string.IsNullOrWhiteSpace(channel) ? null : channel.Trim(), string.IsNullOrWhiteSpace(definitionId) ? null : definitionId.Trim(),
            skip, take), cancellationToken);
        return new MessageListView(page.Items.Select(MessageViews.ToView).ToList(), page.Total, skip, take);
    }

    /// <summary>A contact's messages, newest first, with the reasons of skipped and deferred ones. Null when the contact does not exist.</summary>
    public async Task<MessageListView?> ContactHistoryAsync(Guid contactId, int skip, int take, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        CheckPage(errors, skip, take);
        errors.ThrowIfAny("The message query is invalid.");
        if ((await contacts.ExistingAsync([contactId], cancellationToken)).Count == 0)
        {
            return null;
        }

        var page = await store.ListAsync(new MessageQuery(contactId, null, null, null, skip, take), cancellationToken);
        return new MessageListView(page.Items.Select(MessageViews.ToView).ToList(), page.Total, skip, take);
    }

    public async Task<MessageDetails?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } message)
        {
            return null;
        }

        var events = await store.EventsAsync(id, cancellationToken);
        return new MessageDetails(MessageViews.ToView(message), events.Select(MessageViews.ToView).ToList());
    }

    /// <summary>Puts a Failed or Skipped message back in the outbox, due now (policies decide again when it is picked up).</summary>
    public async Task<RetryOutcome> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await store.RequeueAsync(id, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (result == RequeueResult.Requeued)
        {
            wakeup.Wake();
        }

        return result switch
        {
            RequeueResult.Requeued => RetryOutcome.Queued,
            RequeueResult.NotFound => RetryOutcome.NotFound,
            _ => RetryOutcome.NotRetryable,
        };
    }

    private static void CheckPage(FieldErrors errors, int skip, int take)
    {
        if (skip < 0)
        {
            errors.Add("skip", "Skip is zero or more.");
        }

        if (take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"Take is 1 to {MaxPageSize}.");
        }
    }
}
