namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// Signed links a message carries back to this server. Templates see <see cref="UnsubscribeUrl"/> and
/// <see cref="PreferencesUrl"/> as <c>unsubscribe_url</c> and <c>preferences_url</c>; the tracking decorator wraps links
/// with <see cref="ClickUrl"/> and adds <see cref="OpenPixelUrl"/>. Every URL is absolute (the configured public base URL).
/// </summary>
public interface ITrackingLinks
{
    string UnsubscribeUrl(Guid messageId, Guid contactId);

    string PreferencesUrl(Guid contactId);

    string ClickUrl(Guid messageId, string targetUrl);

    string OpenPixelUrl(Guid messageId);
}
