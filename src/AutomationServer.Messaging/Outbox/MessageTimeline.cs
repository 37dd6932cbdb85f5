using System.Text;
using System.Text.Json;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Messaging.Outbox;

/// <summary>One thing that happened to a message, as it appears on the contact's timeline.</summary>
/// <param name="Kind">Lower-case: <c>sent</c>, <c>delivered</c>, <c>opened</c>, <c>clicked</c>...</param>
public sealed record MessageTimelineEntry(Guid ContactId, Guid MessageId, string Channel, string Kind, DateTime OccurredAt, string? Detail = null);

/// <summary>
/// Writes message events to contacts' timelines as <c>&lt;channel&gt;_&lt;kind&gt;</c> (email_sent, email_opened, ...) through
/// <see cref="ContactEventService"/>, so segments, scoring and journeys see them like any other event. The idempotency key
/// is message + kind + a digest of the detail: a replayed event is not stored twice, a second clicked link is.
/// </summary>
public sealed class MessageTimeline(ContactEventService events, IContactStore contacts, TimeProvider time, ILogger<MessageTimeline> logger)
{
    public static string EventName(string channel, string kind)
    {
        var name = new StringBuilder(channel.Length + kind.Length + 1);
        foreach (var c in channel.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' ? c : '_');
        }

        if (name.Length == 0 || name[0] is < 'a' or > 'z')
        {
            name.Insert(0, 'm');
        }

        return name.Append('_').Append(kind.ToLowerInvariant()).ToString();
    }

    public static string IdempotencyKey(Guid messageId, string kind, string? detail) =>
        $"message:{messageId:N}:{kind.ToLowerInvariant()}:{MessageEventIds.DetailDigest(detail)}";

    /// <summary>Writes the entries in one batch; contacts erased meanwhile are left out. Never throws for bad data: it logs.</summary>
    public async Task WriteAsync(IReadOnlyList<MessageTimelineEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var existing = await contacts.ExistingAsync(entries.Select(e => e.ContactId).ToHashSet(), cancellationToken);
        var now = time.GetUtcNow();
        var inputs = entries.Where(e => existing.Contains(e.ContactId)).Select(e => new TrackEventInput(
            EventName(e.Channel, e.Kind),
            ContactId: e.ContactId,
            OccurredAt: new DateTimeOffset(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)) is var at && at > now ? now : at,
            Properties: Properties(e),
            IdempotencyKey: IdempotencyKey(e.MessageId, e.Kind, e.Detail))).ToList();
        if (inputs.Count == 0)
        {
            return;
        }

        try
        {
            await events.TrackAsync(inputs, batch: true, cancellationToken);
        }
        catch (AudienceValidationException invalid)
        {
            // A contact erased between the check and the write: the whole batch is refused, so write the rest one by one.
            logger.LogWarning("Message timeline batch refused ({Title}); writing {Count} events one by one", invalid.Title, inputs.Count);
            foreach (var input in inputs)
            {
                try
                {
                    await events.TrackAsync([input], batch: false, cancellationToken);
                }
                catch (AudienceValidationException single)
                {
                    logger.LogWarning("Message timeline event {Name} of contact {ContactId} dropped: {Errors}",
                        input.Name, input.ContactId, string.Join("; ", single.Errors.SelectMany(e => e.Value)));
                }
            }
        }
    }

    private static JsonElement Properties(MessageTimelineEntry entry)
    {
        var properties = new Dictionary<string, string?> { ["messageId"] = entry.MessageId.ToString("D"), ["channel"] = entry.Channel };
        if (entry.Detail is { } detail)
        {
            properties[entry.Kind.Equals("clicked", StringComparison.OrdinalIgnoreCase) ? "url" : "detail"] = detail;
        }

        return JsonSerializer.SerializeToElement(properties);
    }
}
