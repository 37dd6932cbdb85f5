namespace AutomationServer.Messaging.Tracking;

/// <summary>The public paths (under <c>Messaging:PublicBaseUrl</c>) of the email tracking endpoints.</summary>
public static class TrackingPaths
{
    public const string Open = "/t/o/";
    public const string Click = "/t/c/";
    public const string Unsubscribe = "/unsubscribe/";
    public const string Preferences = "/preferences/";
    public const string Confirm = "/confirm/";

    public static readonly IReadOnlyList<string> All = [Open, Click, Unsubscribe, Preferences, Confirm];
}
