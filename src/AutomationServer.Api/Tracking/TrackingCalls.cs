using System.Text.Json;

namespace AutomationServer.Api.Tracking;

/// <summary>
/// A request from the tracking script: the visitor's anonymous id and the calls made on the page, in order.
/// <see cref="SentAt"/> is the browser's clock when sending; it corrects the calls' timestamps for a wrong client clock.
/// </summary>
public sealed record TrackingRequest(string? WriteKey, string? AnonymousId, DateTimeOffset? SentAt, IReadOnlyList<TrackingCall?>? Batch);

/// <summary>
/// One call: <c>page</c> (a page view), <c>track</c> (<see cref="Event"/> with properties), <c>form</c> (a form was
/// submitted) or <c>identify</c> (the visitor gave an e-mail address, phone number or the site's own user id).
/// </summary>
public sealed record TrackingCall(
    string? Type,
    string? MessageId = null,
    DateTimeOffset? Timestamp = null,
    string? Event = null,
    JsonElement? Properties = null,
    string? Email = null,
    string? Phone = null,
    string? ExternalId = null,
    JsonElement? Traits = null);

public sealed record TrackingOutcome(int Received, int Stored, int Duplicates, int Identified, string AnonymousId);

public static class TrackingCalls
{
    public const string Page = "page";
    public const string Track = "track";
    public const string Form = "form";
    public const string Identify = "identify";

    public const string TimeZoneTrait = "timeZone";
    public const string LocaleTrait = "locale";

    public static readonly IReadOnlyList<string> Types = [Page, Track, Form, Identify];

    /// <summary>Events the server records itself; a page must not fake them.</summary>
    public static readonly IReadOnlySet<string> ReservedEvents = new HashSet<string>(StringComparer.Ordinal) { "segment_entered", "segment_left" };
}
