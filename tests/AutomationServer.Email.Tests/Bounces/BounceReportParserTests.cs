using AutomationPlugins.Email.Bounces;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Email.Tests.Bounces.BounceFixtures;

namespace AutomationServer.Email.Tests.Bounces;

public sealed class BounceReportParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Postfix_user_unknown_is_a_hard_bounce_of_the_returned_message()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(PostfixUserUnknown(id)));

        Assert.Equal(BounceReportKind.DeliveryStatus, report.Kind);
        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("jane.doe@example.org", recipient.Recipient);
        Assert.Equal("failed", recipient.Action);
        Assert.Equal("5.1.1", recipient.Status);
        Assert.Equal(BounceType.Hard, recipient.Bounce);
        Assert.Equal("5.1.1 550 5.1.1 <jane.doe@example.org>: Recipient address rejected: User unknown in virtual mailbox table", recipient.Detail);

        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Equal(BounceDisposition.Processed, disposition);
        var bounce = Assert.Single(events);
        Assert.Equal(DeliveryEventKind.Bounced, bounce.Kind);
        Assert.Equal(BounceType.Hard, bounce.Bounce);
        Assert.Equal(id, bounce.MessageId);
        Assert.Equal("email", bounce.Channel);
        Assert.Equal(OurMessageId(id), bounce.ProviderMessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 10, 15, 2, TimeSpan.FromHours(1)), bounce.OccurredAt);
        Assert.StartsWith("5.1.1 ", bounce.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_recipient_not_found_reads_the_returned_headers()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(ExchangeRecipientNotFound(id)));

        Assert.Equal(BounceReportKind.DeliveryStatus, report.Kind);
        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("max@contoso.com", recipient.Recipient);
        Assert.Equal("5.1.10", recipient.Status);
        Assert.Equal(BounceType.Hard, recipient.Bounce);
        Assert.Contains("RESOLVER.ADR.RecipientNotFound", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(BounceEvents.From(report, Now).Events).MessageId);
    }

    [Fact]
    public void Gmail_mailbox_full_is_soft_although_the_status_is_permanent()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(GmailMailboxFull(id)));

        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("5.2.2", recipient.Status);
        Assert.Equal(BounceType.Soft, recipient.Bounce);
        var bounce = Assert.Single(BounceEvents.From(report, Now).Events);
        Assert.Equal(BounceType.Soft, bounce.Bounce);
        Assert.Equal(id, bounce.MessageId);
        Assert.StartsWith("5.2.2 552-5.2.2 The email account that you tried to reach is over quota.", bounce.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delay_warning_reports_nothing_but_is_processed()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(PostfixDelayed(id)));

        Assert.Equal(BounceReportKind.DeliveryStatus, report.Kind);
        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("delayed", recipient.Action);
        Assert.Equal("4.4.1", recipient.Status);
        Assert.Null(recipient.Bounce);
        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Empty(events);
        Assert.Equal(BounceDisposition.Processed, disposition);
    }

    [Fact]
    public void Only_the_failed_recipient_of_a_multi_recipient_report_bounces()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(MultiRecipient(id)));

        Assert.Equal(["failed", "delivered", "delayed"], report.Recipients.Select(r => r.Action));
        Assert.Equal([BounceType.Hard, null, null], report.Recipients.Select(r => r.Bounce));
        var bounce = Assert.Single(BounceEvents.From(report, Now).Events);
        Assert.Equal(id, bounce.MessageId);
        Assert.Equal("5.1.1 550 5.1.1 mailbox unavailable", bounce.Detail);
    }

    [Fact]
    public void Original_envelope_id_names_the_message_when_nothing_is_returned()
    {
        var id = Guid.NewGuid();
        var text = MultiRecipient(id);
        var withoutHeaders = text[..text.IndexOf("--multi-boundary\nContent-Type: text/rfc822-headers", StringComparison.Ordinal)] + "--multi-boundary--\n";
        var report = BounceReportParser.Parse(Parse(withoutHeaders.Replace($"Original-Envelope-Id: {id:N}", $"Original-Envelope-Id: {OurMessageId(id)}", StringComparison.Ordinal)));

        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        Assert.Equal(id, Assert.Single(BounceEvents.From(report, Now).Events).MessageId);
    }

    [Fact]
    public void An_arf_abuse_report_is_a_complaint()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(ArfAbuse(id)));

        Assert.Equal(BounceReportKind.FeedbackReport, report.Kind);
        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        Assert.NotNull(report.Complaint);
        Assert.Equal("abuse", report.Complaint.FeedbackType);
        Assert.Equal("bounces@acme.example", report.Complaint.OriginalMailFrom);
        Assert.Equal("pat@yahoo.com", report.Complaint.OriginalRecipient);
        Assert.Equal("Yahoo!-Mail-Feedback/2.0", report.Complaint.UserAgent);

        var complaint = Assert.Single(BounceEvents.From(report, Now).Events);
        Assert.Equal(DeliveryEventKind.Complained, complaint.Kind);
        Assert.Equal("abuse", complaint.Detail);
        Assert.Null(complaint.Bounce);
        Assert.Equal(id, complaint.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 11, 58, 1, TimeSpan.Zero), complaint.OccurredAt);
    }

    [Theory]
    [InlineData("not-spam")]
    [InlineData("auth-failure")]
    public void Feedback_that_is_no_complaint_reports_nothing(string feedbackType)
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(ArfAbuse(id).Replace("Feedback-Type: abuse", $"Feedback-Type: {feedbackType}", StringComparison.Ordinal)));

        Assert.Equal(feedbackType, report.Complaint?.FeedbackType);
        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Empty(events);
        Assert.Equal(BounceDisposition.Processed, disposition);
    }

    [Fact]
    public void An_out_of_office_reply_is_an_auto_reply_and_reports_nothing()
    {
        var id = Guid.NewGuid();
        var report = BounceReportParser.Parse(Parse(OutOfOffice(id)));

        Assert.Equal(BounceReportKind.AutoReply, report.Kind);
        Assert.Equal(OurMessageId(id), report.OriginalMessageId);
        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Empty(events);
        Assert.Equal(BounceDisposition.Processed, disposition);
    }

    [Fact]
    public void A_plain_text_bounce_is_recognised_but_left_for_a_person()
    {
        var report = BounceReportParser.Parse(Parse(QmailFailureNotice(Guid.NewGuid())));

        Assert.Equal(BounceReportKind.NonStandardBounce, report.Kind);
        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Empty(events);
        Assert.Equal(BounceDisposition.Unprocessed, disposition);
    }

    [Fact]
    public void A_bounce_of_a_message_we_did_not_send_is_unprocessed()
    {
        var report = BounceReportParser.Parse(Parse(ForeignDsn()));

        Assert.Equal(BounceReportKind.DeliveryStatus, report.Kind);
        Assert.Equal("CAF=1234-xyz@mail.gmail.com", report.OriginalMessageId);
        var (events, disposition) = BounceEvents.From(report, Now);
        Assert.Empty(events);
        Assert.Equal(BounceDisposition.Unprocessed, disposition);
    }

    [Fact]
    public void Mail_from_a_person_is_unrecognized()
    {
        var report = BounceReportParser.Parse(Parse(PersonalMail()));

        Assert.Equal(BounceReportKind.Unrecognized, report.Kind);
        Assert.Equal(BounceDisposition.Unprocessed, BounceEvents.From(report, Now).Disposition);
    }

    [Theory]
    [InlineData("5.1.1", BounceType.Hard)]
    [InlineData("5.1.10", BounceType.Hard)]
    [InlineData("5.0.0", BounceType.Hard)]
    [InlineData("5.2.1", BounceType.Hard)]
    [InlineData("5.4.4", BounceType.Hard)]
    [InlineData("5.2.2", BounceType.Soft)]
    [InlineData("5.7.1", BounceType.Soft)]
    [InlineData("4.2.2", BounceType.Soft)]
    [InlineData("4.7.0", BounceType.Soft)]
    public void Status_codes_are_classified(string status, BounceType expected) => Assert.Equal(expected, BounceDetail.Classify(status));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("550")]
    [InlineData("5.1")]
    [InlineData("6.1.1")]
    [InlineData("5.1.1234")]
    public void Text_without_a_status_is_not_classified(string? status) => Assert.Null(BounceDetail.Classify(status));

    [Fact]
    public void A_failure_without_a_status_takes_it_from_the_diagnostic()
    {
        var id = Guid.NewGuid();
        var text = PostfixUserUnknown(id).Replace("Status: 5.1.1\n", "", StringComparison.Ordinal);
        var recipient = Assert.Single(BounceReportParser.Parse(Parse(text)).Recipients);

        Assert.Equal("5.1.1", recipient.Status);
        Assert.Equal(BounceType.Hard, recipient.Bounce);
    }

    [Fact]
    public void Long_diagnostics_are_cut()
    {
        var detail = BounceDetail.Format("5.7.1", "smtp; " + new string('x', 1000));

        Assert.Equal(BounceDetail.MaxLength, detail.Length);
        Assert.StartsWith("5.7.1 xxx", detail, StringComparison.Ordinal);
    }
}
