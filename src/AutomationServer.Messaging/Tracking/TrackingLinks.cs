using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tracking;

/// <summary>Builds the absolute, signed links of <see cref="ITrackingLinks"/> under <c>Messaging:PublicBaseUrl</c>.</summary>
public sealed class TrackingLinks(TrackingTokens tokens, IOptions<EmailTrackingOptions> options, TimeProvider clock) : ITrackingLinks
{
    private readonly string _base = options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>The public base URL without a trailing slash.</summary>
    public string BaseUrl => _base;

    public string UnsubscribeUrl(Guid messageId, Guid contactId) =>
        Link(TrackingPaths.Unsubscribe, new TrackingToken(TrackingPurpose.Unsubscribe, messageId, contactId));

    public string PreferencesUrl(Guid contactId) =>
        Link(TrackingPaths.Preferences, new TrackingToken(TrackingPurpose.Preferences, ContactId: contactId,
            ExpiresAt: clock.GetUtcNow() + options.Value.PreferencesLinkLifetime));

    public string ClickUrl(Guid messageId, string targetUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetUrl);
        return Link(TrackingPaths.Click, new TrackingToken(TrackingPurpose.Click, messageId, TargetUrl: targetUrl));
    }

    public string OpenPixelUrl(Guid messageId) => Link(TrackingPaths.Open, new TrackingToken(TrackingPurpose.Open, messageId));

    /// <summary>
    /// The double opt-in confirmation page for a token from <c>ConsentService.RequestDoubleOptInAsync</c> (that token is
    /// random and stored hashed, so it needs no signature of ours).
    /// </summary>
    public string ConfirmUrl(string doubleOptInToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(doubleOptInToken);
        return _base + TrackingPaths.Confirm + Uri.EscapeDataString(doubleOptInToken);
    }

    /// <summary>True when the URL already points at one of our tracking, unsubscribe, preference or confirmation pages.</summary>
    public bool IsOwnLink(string url) =>
        url.StartsWith(_base + "/", StringComparison.OrdinalIgnoreCase)
        && TrackingPaths.All.Any(path => url.AsSpan(_base.Length).StartsWith(path, StringComparison.OrdinalIgnoreCase));

    private string Link(string path, TrackingToken token) => _base + path + tokens.Create(token);
}
