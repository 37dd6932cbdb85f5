using MimeKit;

namespace AutomationServer.Email.Tests.Bounces;

/// <summary>
/// Bounce mailbox messages as real mail systems write them (Postfix, Exchange Online, Gmail, an ARF report of a
/// mailbox provider, an Outlook out-of-office). Each names the original message by the Message-ID our channel gave it.
/// </summary>
public static class BounceFixtures
{
    public static string OurMessageId(Guid id) => $"{id:N}@news.acme.example";

    public static MimeMessage Parse(string text) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n"))));

    /// <summary>Postfix: the recipient's server refused RCPT TO with 550 5.1.1; the whole message is returned.</summary>
    public static string PostfixUserUnknown(Guid id) => $$"""
        Return-Path: <>
        Date: Mon, 16 Nov 2026 10:15:02 +0100 (CET)
        From: MAILER-DAEMON@mx1.acme.example (Mail Delivery System)
        Subject: Undelivered Mail Returned to Sender
        To: bounces@acme.example
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="8F2A43E0C1.1763284502/mx1.acme.example"
        Message-Id: <20261116091502.9C0D843E0C2@mx1.acme.example>

        This is a MIME-encapsulated message.

        --8F2A43E0C1.1763284502/mx1.acme.example
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx1.acme.example.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients.

        <jane.doe@example.org>: host mx.example.org[203.0.113.25] said: 550 5.1.1
            <jane.doe@example.org>: Recipient address rejected: User unknown in virtual
            mailbox table (in reply to RCPT TO command)

        --8F2A43E0C1.1763284502/mx1.acme.example
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx1.acme.example
        X-Postfix-Queue-ID: 8F2A43E0C1
        X-Postfix-Sender: rfc822; bounces@acme.example
        Arrival-Date: Mon, 16 Nov 2026 10:15:01 +0100 (CET)

        Final-Recipient: rfc822; jane.doe@example.org
        Original-Recipient: rfc822;jane.doe@example.org
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mx.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <jane.doe@example.org>: Recipient address
            rejected: User unknown in virtual mailbox table

        --8F2A43E0C1.1763284502/mx1.acme.example
        Content-Description: Undelivered Message
        Content-Type: message/rfc822

        Return-Path: <bounces@acme.example>
        From: Acme News <news@acme.example>
        To: jane.doe@example.org
        Subject: Welcome, Jane
        Date: Mon, 16 Nov 2026 10:15:00 +0100
        Message-ID: <{{OurMessageId(id)}}>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Hello Jane, thanks for signing up.

        --8F2A43E0C1.1763284502/mx1.acme.example--
        """;

    /// <summary>Exchange Online: a human-readable alternative part first, status 5.1.10, only the headers returned.</summary>
    public static string ExchangeRecipientNotFound(Guid id) => $$"""
        From: Microsoft Outlook <postmaster@contoso.onmicrosoft.com>
        To: <bounces@acme.example>
        Date: Tue, 17 Nov 2026 08:01:12 +0000
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="a8e5b2c0-1f43-4c58-9d3e-0ab1c2d3e4f5"
        MIME-Version: 1.0
        Message-ID: <7c1e0c5a-3d2b-4a1f-9e8d-6b5a4c3d2e1f@contoso.onmicrosoft.com>
        Subject: Undeliverable: Your order has shipped
        Auto-Submitted: auto-replied

        --a8e5b2c0-1f43-4c58-9d3e-0ab1c2d3e4f5
        Content-Type: multipart/alternative; differences=Content-Type;
        	boundary="5d1f0e2a-7b6c-4d3e-8f9a-1b2c3d4e5f60"

        --5d1f0e2a-7b6c-4d3e-8f9a-1b2c3d4e5f60
        Content-Type: text/plain; charset="us-ascii"

        Your message to max@contoso.com couldn't be delivered.
        max wasn't found at contoso.com.

        --5d1f0e2a-7b6c-4d3e-8f9a-1b2c3d4e5f60
        Content-Type: text/html; charset="us-ascii"

        <html><body><p>Your message to max@contoso.com couldn't be delivered.</p></body></html>

        --5d1f0e2a-7b6c-4d3e-8f9a-1b2c3d4e5f60--

        --a8e5b2c0-1f43-4c58-9d3e-0ab1c2d3e4f5
        Content-Type: message/delivery-status

        Reporting-MTA: dns;AM6PR02MB4567.eurprd02.prod.outlook.com
        Received-From-MTA: dns;mx1.acme.example
        Arrival-Date: Tue, 17 Nov 2026 08:01:10 +0000

        Final-Recipient: rfc822;max@contoso.com
        Action: failed
        Status: 5.1.10
        Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not
         found by SMTP address lookup

        --a8e5b2c0-1f43-4c58-9d3e-0ab1c2d3e4f5
        Content-Type: text/rfc822-headers

        Return-Path: bounces@acme.example
        From: Acme Shop <shop@acme.example>
        To: max@contoso.com
        Subject: Your order has shipped
        Message-ID: <{{OurMessageId(id)}}>
        Date: Tue, 17 Nov 2026 08:01:09 +0000
        MIME-Version: 1.0

        --a8e5b2c0-1f43-4c58-9d3e-0ab1c2d3e4f5--
        """;

    /// <summary>Gmail: the mailbox is over quota (552 5.2.2): a permanent answer that says nothing bad about the address.</summary>
    public static string GmailMailboxFull(Guid id) => $$"""
        Return-Path: <>
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
        To: bounces@acme.example
        Auto-Submitted: auto-replied
        Subject: Delivery Status Notification (Failure)
        Date: Wed, 18 Nov 2026 06:30:44 -0800
        Message-ID: <5f3a2b1c.170a220a.9e8d7.c6b5@mx.google.com>
        MIME-Version: 1.0
        Content-Type: multipart/report; boundary="000000000000b1b2b3b4b5b6b7b8"; report-type=delivery-status

        --000000000000b1b2b3b4b5b6b7b8
        Content-Type: text/plain; charset="UTF-8"

        ** Address not found or mailbox unavailable **

        The email account that you tried to reach is over quota.

        --000000000000b1b2b3b4b5b6b7b8
        Content-Type: message/delivery-status

        Reporting-MTA: dns; googlemail.com
        Arrival-Date: Wed, 18 Nov 2026 06:30:43 -0800 (PST)
        X-Original-Message-ID: <{{OurMessageId(id)}}>

        Final-Recipient: rfc822; sam.full@gmail.com
        Action: failed
        Status: 5.2.2
        Diagnostic-Code: smtp; 552-5.2.2 The email account that you tried to reach is over quota.
         Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm
        Last-Attempt-Date: Wed, 18 Nov 2026 06:30:44 -0800 (PST)

        --000000000000b1b2b3b4b5b6b7b8
        Content-Type: message/rfc822

        From: Acme News <news@acme.example>
        To: sam.full@gmail.com
        Subject: This week at Acme
        Message-ID: <{{OurMessageId(id)}}>
        Date: Wed, 18 Nov 2026 15:30:40 +0100
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        News.

        --000000000000b1b2b3b4b5b6b7b8--
        """;

    /// <summary>Postfix's warning after four hours of retrying: nothing failed yet.</summary>
    public static string PostfixDelayed(Guid id) => $$"""
        Return-Path: <>
        Date: Thu, 19 Nov 2026 14:20:00 +0100 (CET)
        From: MAILER-DAEMON@mx1.acme.example (Mail Delivery System)
        Subject: Delayed Mail (still being retried)
        To: bounces@acme.example
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="D1E2F3A4B5.1763558400/mx1.acme.example"

        --D1E2F3A4B5.1763558400/mx1.acme.example
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx1.acme.example.

        ####################################################################
        # THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
        ####################################################################

        --D1E2F3A4B5.1763558400/mx1.acme.example
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx1.acme.example
        Arrival-Date: Thu, 19 Nov 2026 10:19:58 +0100 (CET)

        Final-Recipient: rfc822; slow@example.net
        Original-Recipient: rfc822;slow@example.net
        Action: delayed
        Status: 4.4.1
        Diagnostic-Code: X-Postfix; connect to mx.example.net[198.51.100.7]:25: Connection
            timed out
        Will-Retry-Until: Mon, 23 Nov 2026 10:19:58 +0100 (CET)

        --D1E2F3A4B5.1763558400/mx1.acme.example
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers

        From: Acme News <news@acme.example>
        To: slow@example.net
        Subject: Welcome
        Message-ID: <{{OurMessageId(id)}}>

        --D1E2F3A4B5.1763558400/mx1.acme.example--
        """;

    /// <summary>One DSN for three recipients of a relayed message: one failed, one delivered, one delayed.</summary>
    public static string MultiRecipient(Guid id) => $$"""
        From: Mail Delivery System <MAILER-DAEMON@relay.example.com>
        To: bounces@acme.example
        Subject: Delivery Status Notification
        Date: Fri, 20 Nov 2026 09:00:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="multi-boundary"

        --multi-boundary
        Content-Type: text/plain

        Delivery to some recipients failed.

        --multi-boundary
        Content-Type: message/delivery-status

        Reporting-MTA: dns; relay.example.com
        Original-Envelope-Id: {{id:N}}

        Final-Recipient: rfc822; gone@example.com
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable

        Final-Recipient: rfc822; ok@example.com
        Action: delivered
        Status: 2.0.0

        Final-Recipient: rfc822; later@example.com
        Action: delayed
        Status: 4.7.0
        Diagnostic-Code: smtp; 451 4.7.0 greylisted, try again later

        --multi-boundary
        Content-Type: text/rfc822-headers

        From: Acme News <news@acme.example>
        Subject: Relayed
        Message-ID: <{{OurMessageId(id)}}>

        --multi-boundary--
        """;

    /// <summary>An ARF report of a mailbox provider's feedback loop: a user pressed "this is spam".</summary>
    public static string ArfAbuse(Guid id) => $$"""
        From: Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>
        To: fbl@acme.example
        Subject: FW: This week at Acme
        Date: Sat, 21 Nov 2026 12:00:00 +0000
        Message-ID: <arf-20261121120000-4711@arf.mail.yahoo.com>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
        	boundary="----=_Part_4711_1234567890"

        ------=_Part_4711_1234567890
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: 7bit

        This is an email abuse report for an email message received from IP 192.0.2.10 on Sat, 21 Nov 2026 11:58:01 +0000.

        ------=_Part_4711_1234567890
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: Yahoo!-Mail-Feedback/2.0
        Version: 1
        Original-Mail-From: <bounces@acme.example>
        Original-Rcpt-To: <pat@yahoo.com>
        Arrival-Date: Sat, 21 Nov 2026 11:58:01 +0000
        Reported-Domain: acme.example
        Source-IP: 192.0.2.10

        ------=_Part_4711_1234567890
        Content-Type: message/rfc822
        Content-Disposition: inline

        Return-Path: <bounces@acme.example>
        From: Acme News <news@acme.example>
        To: pat@yahoo.com
        Subject: This week at Acme
        Message-ID: <{{OurMessageId(id)}}>
        Date: Sat, 21 Nov 2026 11:58:00 +0000
        MIME-Version: 1.0
        Content-Type: text/plain

        [redacted]

        ------=_Part_4711_1234567890--
        """;

    /// <summary>Outlook's automatic reply while a person is away.</summary>
    public static string OutOfOffice(Guid id) => $$"""
        From: Kim Lee <kim.lee@example.com>
        To: Acme News <news@acme.example>
        Subject: Automatic reply: This week at Acme
        Date: Sun, 22 Nov 2026 08:00:00 +0000
        Message-ID: <oof-1@example.com>
        In-Reply-To: <{{OurMessageId(id)}}>
        References: <{{OurMessageId(id)}}>
        Auto-Submitted: auto-replied
        X-Auto-Response-Suppress: All
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        I am out of the office until December 1st with limited access to email.
        """;

    /// <summary>A qmail-style bounce: plain text from MAILER-DAEMON, no report.</summary>
    public static string QmailFailureNotice(Guid id) => $$"""
        From: MAILER-DAEMON@mail.example.biz
        To: bounces@acme.example
        Subject: failure notice
        Date: Sun, 22 Nov 2026 09:00:00 +0000
        MIME-Version: 1.0
        Content-Type: text/plain

        Hi. This is the qmail-send program at mail.example.biz.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <nobody@example.biz>:
        Sorry, no mailbox here by that name. (#5.1.1)

        --- Below this line is a copy of the message.

        Message-ID: <{{OurMessageId(id)}}>
        Subject: Welcome
        """;

    /// <summary>A DSN about a message some other system sent from the same address.</summary>
    public static string ForeignDsn() => PostfixUserUnknown(Guid.Empty).Replace($"<{OurMessageId(Guid.Empty)}>", "<CAF=1234-xyz@mail.gmail.com>", StringComparison.Ordinal);

    /// <summary>A person writing to the bounce address.</summary>
    public static string PersonalMail() => """
        From: Chris <chris@example.com>
        To: bounces@acme.example
        Subject: Please stop sending me newsletters
        Date: Sun, 22 Nov 2026 10:00:00 +0000
        Message-ID: <person-1@example.com>
        MIME-Version: 1.0
        Content-Type: text/plain

        How do I unsubscribe?
        """;
}
