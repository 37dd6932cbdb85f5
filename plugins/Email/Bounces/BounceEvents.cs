using AutomationPlugins.Email.Composition;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Bounces;

/// <summary>Where a message of the bounce mailbox goes once it is handled.</summary>
public enum BounceDisposition
{
    /// <summary>Understood (its events reported, or nothing to report): the Processed folder.</summary>
    Processed,

    /// <summary>Not recognised, or about no message of this server: the Unprocessed folder, for a person.</summary>
    Unprocessed,
}

/// <summary>Turns a parsed report into the delivery events the host records, and says where the message goes.</summary>
public static class BounceEvents
{
    public static (IReadOnlyList<DeliveryEvent> Events, BounceDisposition Disposition) From(BounceReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        switch (report.Kind)
        {
            case BounceReportKind.AutoReply:
                return ([], BounceDisposition.Processed);
            case BounceReportKind.DeliveryStatus or BounceReportKind.FeedbackReport:
                break;
            default:
                return ([], BounceDisposition.Unprocessed);
        }

        if (!EmailMessageIds.TryParse(report.OriginalMessageId, out var messageId))
        {
            return ([], BounceDisposition.Unprocessed);
        }

        var providerId = report.OriginalMessageId!.Trim().TrimStart('<').TrimEnd('>');
        var occurredAt = report.ReportedAt ?? now;
        if (report.Kind == BounceReportKind.FeedbackReport)
        {
            return report.Complaint is { IsComplaint: true } complaint
                ? ([Event(DeliveryEventKind.Complained, messageId, providerId, occurredAt, complaint.FeedbackType, null)], BounceDisposition.Processed)
                : ([], BounceDisposition.Processed);
        }

        var events = report.Bounces
            .Select(r => Event(DeliveryEventKind.Bounced, messageId, providerId, occurredAt, r.Detail, r.Bounce))
            .DistinctBy(e => (e.Bounce, e.Detail))
            .ToList();
        return (events, BounceDisposition.Processed);
    }

    private static DeliveryEvent Event(DeliveryEventKind kind, Guid messageId, string providerId, DateTimeOffset occurredAt, string detail, BounceType? bounce) => new()
    {
        Channel = EmailChannel.Name,
        Kind = kind,
        MessageId = messageId,
        ProviderMessageId = providerId,
        OccurredAt = occurredAt,
        Detail = detail,
        Bounce = bounce,
    };
}
