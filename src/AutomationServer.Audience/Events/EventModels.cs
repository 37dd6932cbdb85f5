using System.Text.Json;
using AutomationServer.Audience.Contacts;

namespace AutomationServer.Audience.Events;

/// <summary>
/// One tracked event. The contact is named by <see cref="ContactId"/>, by an <see cref="Identity"/> or by an
/// <see cref="AnonymousId"/> (a contact is created for an unknown one).
/// </summary>
public sealed record TrackEventInput(
    string? Name,
    Guid? ContactId = null,
    IdentityInput? Identity = null,
    string? AnonymousId = null,
    DateTimeOffset? OccurredAt = null,
    JsonElement? Properties = null,
    string? IdempotencyKey = null);

public sealed record TrackedEvent(Guid? Id, Guid ContactId, bool Duplicate);

public sealed record TrackResult(int Received, int Stored, int Duplicates, IReadOnlyList<TrackedEvent> Events, int StartedWorkflows, int ResumedWorkflows);

public sealed record TimelineEntry(Guid Id, string Name, DateTime OccurredAt, DateTime ReceivedAt, JsonElement Properties, decimal? Amount, string? IdempotencyKey);
