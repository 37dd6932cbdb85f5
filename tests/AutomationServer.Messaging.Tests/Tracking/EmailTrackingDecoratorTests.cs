using System.Security.Cryptography;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tests.Tracking;

public sealed class EmailTrackingDecoratorTests
{
    private const string Base = "https://mail.example.com/srv";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TrackingTokens _tokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly TrackingLinks _links;
    private readonly EmailTrackingDecorator _decorator;
    private readonly Guid _messageId = Guid.NewGuid();
    private readonly Guid _contactId = Guid.NewGuid();

    public EmailTrackingDecoratorTests()
    {
        _links = new TrackingLinks(_tokens, Options.Create(new EmailTrackingOptions { PublicBaseUrl = Base + "/" }), TimeProvider.System);
        _decorator = new EmailTrackingDecorator(_links);
    }

    private const string Newsletter = """
        <!DOCTYPE html>
        <HTML lang="en">
        <head><meta charset="utf-8"><title>News &amp; offers</title>
        <!--[if mso]><v:roundrect href="https://example.com/vml" xmlns:v="urn:schemas-microsoft-com:vml"></v:roundrect><![endif]-->
        </head>
        <BODY style="margin:0">
          <p>Hello <b>Ana</b>,</p>
          <A HREF="https://shop.example.com/sale?a=1&amp;b=2" class="btn"   target=_blank>Sale</A>
          <a class='x' href='http://example.org/path#frag'>Plain http</a>
          <a href=https://unquoted.example/x?y=z>Unquoted</a>
          <a href="mailto:help@example.com">Mail us</a>
          <a href="tel:+4930123456">Call</a>
          <a href="#top">Top</a>
          <a data-no-track href="https://private.example/secret">Not tracked</a>
          <a href="https://mail.example.com/srv/unsubscribe/abc">Unsubscribe</a>
          <a href="javascript:alert(1)">Script</a>
          <!-- <a href="https://commented.example/">not a link</a> -->
          <p>Text with &lt;a href="https://fake.example"&gt; inside.</p>
        </BODY>
        </HTML>
        """;

    [Fact]
    public void Http_links_become_signed_click_links_to_the_exact_decoded_target()
    {
        var html = Decorate(Newsletter).HtmlBody!;

        var targets = ClickTargets(html);
        Assert.Equal(["https://shop.example.com/sale?a=1&b=2", "http://example.org/path#frag", "https://unquoted.example/x?y=z"], targets);
    }

    [Fact]
    public void Everything_but_the_rewritten_hrefs_and_the_pixel_stays_byte_for_byte()
    {
        var html = Decorate(Newsletter).HtmlBody!;

        var restored = System.Text.RegularExpressions.Regex.Replace(html, "([\"'])" + System.Text.RegularExpressions.Regex.Escape(Base) + "/t/c/[A-Za-z0-9_-]+\\1", "X");
        restored = System.Text.RegularExpressions.Regex.Replace(restored, "<img src=\"[^\"]+/t/o/[^>]+>", "");
        var expected = Newsletter
            .Replace("\"https://shop.example.com/sale?a=1&amp;b=2\"", "X")
            .Replace("'http://example.org/path#frag'", "X")
            .Replace("https://unquoted.example/x?y=z", "X");
        Assert.Equal(expected, restored);
    }

    [Fact]
    public void Links_that_must_keep_their_address_are_untouched()
    {
        var html = Decorate(Newsletter).HtmlBody!;

        Assert.Contains("<a href=\"mailto:help@example.com\">", html);
        Assert.Contains("<a href=\"tel:+4930123456\">", html);
        Assert.Contains("<a href=\"#top\">", html);
        Assert.Contains("<a data-no-track href=\"https://private.example/secret\">", html);
        Assert.Contains("<a href=\"https://mail.example.com/srv/unsubscribe/abc\">", html);
        Assert.Contains("<a href=\"javascript:alert(1)\">", html);
        Assert.Contains("<!-- <a href=\"https://commented.example/\">not a link</a> -->", html);
        Assert.Contains("&lt;a href=\"https://fake.example\"&gt;", html);
        Assert.Contains("v:roundrect href=\"https://example.com/vml\"", html);
    }

    [Fact]
    public void The_open_pixel_goes_just_before_the_body_end()
    {
        var html = Decorate(Newsletter).HtmlBody!;

        var pixel = System.Text.RegularExpressions.Regex.Match(html, "<img src=\"(?<url>[^\"]+)\" width=\"1\" height=\"1\" alt=\"\"[^>]*>\\s*</BODY>");
        Assert.True(pixel.Success, html);
        var url = pixel.Groups["url"].Value;
        Assert.StartsWith(Base + TrackingPaths.Open, url);
        var check = _tokens.Read(url[(Base + TrackingPaths.Open).Length..], TrackingPurpose.Open, Now);
        Assert.Equal(_messageId, check.Token!.MessageId);
    }

    [Fact]
    public void A_fragment_without_body_gets_the_pixel_at_the_end()
    {
        var html = Decorate("<p>Hi <a href=\"https://a.example/\">there</a></p>").HtmlBody!;

        Assert.StartsWith("<p>Hi <a href=\"" + Base + TrackingPaths.Click, html);
        Assert.EndsWith("</p><img src=\"" + Base + TrackingPaths.Open + _tokens.Create(new TrackingToken(TrackingPurpose.Open, _messageId)) + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">", html);
    }

    [Fact]
    public void Marketing_email_gets_one_click_unsubscribe_headers()
    {
        var headers = Decorate(Newsletter).Headers;

        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        var value = headers["List-Unsubscribe"];
        Assert.Matches("^<" + System.Text.RegularExpressions.Regex.Escape(Base + TrackingPaths.Unsubscribe) + "[A-Za-z0-9_-]+>$", value);
        var check = _tokens.Read(value[((Base + TrackingPaths.Unsubscribe).Length + 1)..^1], TrackingPurpose.Unsubscribe, Now);
        Assert.Equal((_messageId, _contactId), (check.Token!.MessageId, check.Token.ContactId));
    }

    [Fact]
    public void Transactional_email_and_mail_without_a_contact_get_no_unsubscribe_headers()
    {
        Assert.Empty(Decorate(Newsletter, MessagePurpose.Transactional).Headers);
        Assert.Empty(_decorator.Decorate(_messageId, "email", Request(MessagePurpose.Marketing), new Recipient { Address = "team@example.com" }, new RenderedMessage { HtmlBody = "<p>x</p>" }).Headers);
    }

    [Fact]
    public void Other_channels_are_left_alone_and_the_text_part_keeps_its_links()
    {
        var message = new RenderedMessage { HtmlBody = Newsletter, TextBody = "Sale: https://shop.example.com/sale" };

        Assert.Same(message, _decorator.Decorate(_messageId, "sms", Request(MessagePurpose.Marketing), new Recipient { ContactId = _contactId }, message));
        Assert.Equal(message.TextBody, Decorate(message).TextBody);
    }

    private RenderedMessage Decorate(string html, MessagePurpose purpose = MessagePurpose.Marketing) =>
        _decorator.Decorate(_messageId, "email", Request(purpose), new Recipient { ContactId = _contactId, Address = "ana@example.com" }, new RenderedMessage { HtmlBody = html });

    private RenderedMessage Decorate(RenderedMessage message) =>
        _decorator.Decorate(_messageId, "email", Request(MessagePurpose.Marketing), new Recipient { ContactId = _contactId }, message);

    private static MessageRequest Request(MessagePurpose purpose) => new() { Channel = "email", Purpose = purpose };

    private List<string> ClickTargets(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, System.Text.RegularExpressions.Regex.Escape(Base + TrackingPaths.Click) + "(?<token>[A-Za-z0-9_-]+)")
            .Select(m => _tokens.Read(m.Groups["token"].Value, TrackingPurpose.Click, Now))
            .Select(c => { Assert.Equal(_messageId, c.Token!.MessageId); return c.Token.TargetUrl!; })
            .ToList();
}
