using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Bounces;

/// <summary>What a message in the bounce mailbox turned out to be.</summary>
public enum BounceReportKind
{
    /// <summary>A delivery status notification (RFC 3464): <c>multipart/report; report-type=delivery-status</c>.</summary>
    DeliveryStatus,

    /// <summary>A feedback report (RFC 5965, ARF): <c>multipart/report; report-type=feedback-report</c>.</summary>
    FeedbackReport,

    /// <summary>An automatic answer by a person's mailbox (out of office, vacation, ticket acknowledgements): nothing to act on.</summary>
    AutoReply,

    /// <summary>Looks like a bounce (sent by a mailer daemon, a bounce-like subject) but not in the standard format: left for a person.</summary>
    NonStandardBounce,

    /// <summary>Anything else: left for a person.</summary>
    Unrecognized,
}

/// <summary>
/// One message of the bounce mailbox, parsed. <see cref="OriginalMessageId"/> is the <c>Message-ID</c> of the message
/// it is about (without angle brackets), from the returned message or its headers, or from <c>Original-Envelope-Id</c>.
/// </summary>
public sealed record BounceReport(
    BounceReportKind Kind,
    string? OriginalMessageId,
    IReadOnlyList<RecipientOutcome> Recipients,
    FeedbackComplaint? Complaint,
    DateTimeOffset? ReportedAt)
{
    /// <summary>The recipients that bounced (hard or soft); delivered, relayed and delayed ones are left out.</summary>
    public IEnumerable<RecipientOutcome> Bounces => Recipients.Where(r => r.Bounce is not null);

    public static BounceReport Other(BounceReportKind kind, string? originalMessageId, DateTimeOffset? reportedAt) =>
        new(kind, originalMessageId, [], null, reportedAt);
}

/// <summary>
/// One per-recipient block of a DSN. <see cref="Bounce"/> is null when the action was not a failure
/// (<c>delivered</c>, <c>relayed</c>, <c>expanded</c>, or <c>delayed</c>: the sending server keeps trying and sends a final DSN later).
/// </summary>
public sealed record RecipientOutcome(string? Recipient, string Action, string? Status, string? Diagnostic, BounceType? Bounce)
{
    /// <summary>What a delivery event's Detail says: the enhanced status, then the remote server's words, e.g. <c>5.1.1 550 5.1.1 &lt;ada@example.org&gt;: User unknown</c>.</summary>
    public string Detail => BounceDetail.Format(Status, Diagnostic);
}

/// <summary>An ARF report. <see cref="FeedbackType"/> is lower-case: <c>abuse</c>, <c>fraud</c>, <c>virus</c>, <c>other</c>, <c>not-spam</c>, <c>auth-failure</c>.</summary>
public sealed record FeedbackComplaint(string FeedbackType, string? OriginalMailFrom, string? OriginalRecipient, string? UserAgent)
{
    /// <summary>
    /// Whether the report says a person complained about the message. <c>not-spam</c> (a user took a message out of the
    /// spam folder) and <c>auth-failure</c> (a DMARC/DKIM failure report) are not complaints about the message.
    /// </summary>
    public bool IsComplaint => FeedbackType is not ("not-spam" or "auth-failure");
}
