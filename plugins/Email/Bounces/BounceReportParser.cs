using AutomationServer.Sdk.Channels;
using MimeKit;
using MimeKit.Utils;

namespace AutomationPlugins.Email.Bounces;

/// <summary>
/// Reads a message of the bounce mailbox: a delivery status notification (RFC 3464), a feedback report (RFC 5965),
/// an automatic reply, a bounce in no standard format, or something else. Pure: it looks only at the message.
/// </summary>
public static class BounceReportParser
{
    private static readonly string[] BounceSubjects =
    [
        "undeliver", "undelivered mail", "delivery status notification", "delivery failure", "delivery has failed",
        "failure notice", "returned mail", "mail delivery failed", "mail delivery subsystem", "nondeliverable", "non-delivery",
    ];

    private static readonly string[] AutoReplySubjects =
    [
        "auto:", "automatic reply", "autoreply", "auto-reply", "auto reply", "out of office", "out of the office", "abwesenheitsnotiz", "vacation",
    ];

    private static readonly string[] DaemonMailboxes = ["mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"];

    public static BounceReport Parse(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reportedAt = message.Date == DateTimeOffset.MinValue ? (DateTimeOffset?)null : message.Date;
        if (FindReport(message.Body) is { } report)
        {
            var reportType = report.ReportType ?? "";
            if (reportType.Equals("delivery-status", StringComparison.OrdinalIgnoreCase)
                || reportType.Equals("global-delivery-status", StringComparison.OrdinalIgnoreCase))
            {
                if (report.OfType<MessageDeliveryStatus>().FirstOrDefault() is { } status)
                {
                    return DeliveryStatus(report, status, reportedAt);
                }
            }
            else if (reportType.Equals("feedback-report", StringComparison.OrdinalIgnoreCase)
                && report.OfType<MessageFeedbackReport>().FirstOrDefault() is { } feedback)
            {
                return Feedback(report, feedback, reportedAt);
            }
        }

        var repliedTo = RepliedTo(message);
        if (IsFromMailerDaemon(message) || SubjectStartsOrContains(message.Subject, BounceSubjects, anywhere: true))
        {
            return BounceReport.Other(BounceReportKind.NonStandardBounce, repliedTo, reportedAt);
        }

        return IsAutoReply(message)
            ? BounceReport.Other(BounceReportKind.AutoReply, repliedTo, reportedAt)
            : BounceReport.Other(BounceReportKind.Unrecognized, repliedTo, reportedAt);
    }

    private static BounceReport DeliveryStatus(MultipartReport report, MessageDeliveryStatus status, DateTimeOffset? reportedAt)
    {
        var groups = status.StatusGroups;
        var perMessage = groups.Count > 0 ? groups[0] : null;
        var recipients = new List<RecipientOutcome>();
        for (var i = 1; i < groups.Count; i++)
        {
            var fields = groups[i];
            var action = (fields["Action"] ?? "").Trim().ToLowerInvariant();
            var diagnostic = BounceDetail.WithoutType(fields["Diagnostic-Code"]);
            var statusCode = FirstToken(fields["Status"]) is { } code && BounceDetail.TryParseStatus(code, out _, out _, out _)
                ? code
                : BounceDetail.FindStatus(diagnostic);
            var recipient = BounceDetail.WithoutType(fields["Final-Recipient"] ?? fields["Original-Recipient"]);
            recipients.Add(new RecipientOutcome(recipient, action, statusCode, diagnostic, Classify(action, statusCode)));
        }

        var original = ReturnedMessageId(report) ?? NonEmpty(BounceDetail.WithoutType(perMessage?["Original-Envelope-Id"]));
        return new BounceReport(BounceReportKind.DeliveryStatus, original, recipients, null, reportedAt);
    }

    /// <summary>
    /// Only <c>failed</c> is a bounce. <c>delayed</c> is a warning while the sending server keeps trying: the final DSN
    /// (or the delivery) follows, so counting the warning would count one trouble twice. A failure without a usable
    /// status says nothing definite about the address: soft.
    /// </summary>
    private static BounceType? Classify(string action, string? status) => action switch
    {
        "failed" => BounceDetail.Classify(status) is { } type && status![0] != '2' ? type : BounceType.Soft,
        _ => null,
    };

    private static BounceReport Feedback(MultipartReport report, MessageFeedbackReport feedback, DateTimeOffset? reportedAt)
    {
        var fields = feedback.Fields;
        var type = NonEmpty(fields["Feedback-Type"]?.Trim().ToLowerInvariant()) ?? "other";
        var complaint = new FeedbackComplaint(
            type,
            NonEmpty(fields["Original-Mail-From"]?.Trim().Trim('<', '>')),
            NonEmpty(fields["Original-Rcpt-To"]?.Trim().Trim('<', '>')),
            NonEmpty(fields["User-Agent"]?.Trim()));
        var arrival = fields["Arrival-Date"] is { } text && DateUtils.TryParse(text, out var parsed) ? parsed : reportedAt;
        return new BounceReport(BounceReportKind.FeedbackReport, ReturnedMessageId(report), [], complaint, arrival);
    }

    /// <summary>The Message-ID of the returned message (<c>message/rfc822</c>) or of its headers (<c>text/rfc822-headers</c>).</summary>
    private static string? ReturnedMessageId(MultipartReport report) =>
        report.OfType<MessagePart>().Select(p => NonEmpty(p.Message?.MessageId)).FirstOrDefault(id => id is not null);

    /// <summary>The report may be the body, or sit inside a multipart a forwarding system wrapped it in; returned messages are not searched.</summary>
    private static MultipartReport? FindReport(MimeEntity? entity) => entity switch
    {
        MultipartReport report => report,
        Multipart multipart => multipart.Select(FindReport).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private static bool IsFromMailerDaemon(MimeMessage message) =>
        message.From.Mailboxes.Concat(message.Sender is null ? [] : [message.Sender])
            .Any(m => DaemonMailboxes.Contains(m.LocalPart.ToLowerInvariant()));

    /// <summary>RFC 3834's Auto-Submitted, and the headers and subjects common mail systems put on vacation and out-of-office answers.</summary>
    private static bool IsAutoReply(MimeMessage message)
    {
        var headers = message.Headers;
        if (headers["Auto-Submitted"] is { } autoSubmitted && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Autoresponder"))
        {
            return true;
        }

        if (headers["Precedence"] is { } precedence && precedence.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return SubjectStartsOrContains(message.Subject, AutoReplySubjects, anywhere: false);
    }

    private static bool SubjectStartsOrContains(string? subject, string[] phrases, bool anywhere)
    {
        var text = subject?.Trim().ToLowerInvariant() ?? "";
        return phrases.Any(p => anywhere ? text.Contains(p, StringComparison.Ordinal) : text.StartsWith(p, StringComparison.Ordinal));
    }

    private static string? RepliedTo(MimeMessage message) =>
        NonEmpty(message.InReplyTo) ?? message.References.Select(NonEmpty).LastOrDefault(r => r is not null);

    private static string? FirstToken(string? value) =>
        value?.Split([' ', '\t', '(', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
