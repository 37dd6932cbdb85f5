using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// Adds tracking to rendered email: every http(s) link of the HTML part goes through a signed click link, a 1x1 open
/// pixel goes before <c>&lt;/body&gt;</c>, and marketing email to a contact gets <c>List-Unsubscribe</c> with
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> (RFC 8058). Links keep their address when they are
/// <c>mailto:</c>, <c>tel:</c>, anchors, already ours, or marked <c>data-no-track</c>. The text part is left as it is: its
/// readers see the address itself, and a long opaque redirect there looks like phishing and hides where the link goes.
/// </summary>
public sealed class EmailTrackingDecorator(TrackingLinks links) : IMessageDecorator
{
    public const string Channel = "email";
    public const string ListUnsubscribeHeader = "List-Unsubscribe";
    public const string ListUnsubscribePostHeader = "List-Unsubscribe-Post";
    public const string OneClick = "List-Unsubscribe=One-Click";

    public RenderedMessage Decorate(Guid messageId, string channel, MessageRequest request, Recipient recipient, RenderedMessage message)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        if (!string.Equals(channel, Channel, StringComparison.OrdinalIgnoreCase))
        {
            return message;
        }

        var html = message.HtmlBody is { Length: > 0 } body
            ? HtmlLinkRewriter.Rewrite(body, link => ClickTarget(link.Href) is { } target ? links.ClickUrl(messageId, target) : null, Pixel(messageId))
            : message.HtmlBody;
        return message with { HtmlBody = html, Headers = WithUnsubscribeHeaders(messageId, request, recipient, message.Headers) };
    }

    /// <summary>The address a click link should lead to, or null when the link stays as it is.</summary>
    private string? ClickTarget(string href)
    {
        if (href.Length is 0 or > TrackingTokens.MaxTargetUrlLength
            || !Uri.TryCreate(href, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || links.IsOwnLink(href))
        {
            return null;
        }

        return href;
    }

    private string Pixel(Guid messageId) =>
        $"<img src=\"{HtmlLinkRewriter.EncodeAttribute(links.OpenPixelUrl(messageId))}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";

    private IReadOnlyDictionary<string, string> WithUnsubscribeHeaders(Guid messageId, MessageRequest request, Recipient recipient, IReadOnlyDictionary<string, string> headers)
    {
        // Transactional mail (a receipt) offers no unsubscribe; mail to an explicit address has no contact to unsubscribe;
        // a List-Unsubscribe the template set itself is kept rather than paired with a POST endpoint it does not point at.
        if (request.Purpose != MessagePurpose.Marketing || recipient.ContactId is not { } contactId
            || headers.Keys.Any(k => k.Equals(ListUnsubscribeHeader, StringComparison.OrdinalIgnoreCase) || k.Equals(ListUnsubscribePostHeader, StringComparison.OrdinalIgnoreCase)))
        {
            return headers;
        }

        return new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase)
        {
            [ListUnsubscribeHeader] = $"<{links.UnsubscribeUrl(messageId, contactId)}>",
            [ListUnsubscribePostHeader] = OneClick,
        };
    }
}
