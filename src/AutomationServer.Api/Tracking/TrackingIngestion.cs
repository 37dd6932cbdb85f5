using System.Text.Json;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Validation;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tracking;

/// <summary>
/// Records a tracking request from a browser through the audience services: identify calls through
/// <see cref="ContactService.IdentifyAsync"/>, everything else as events of the visitor's anonymous id through
/// <see cref="ContactEventService.TrackAsync"/>. A browser can only add; it never reads, and it changes a contact
/// only by the identities and traits of an identify call.
/// </summary>
public sealed partial class TrackingIngestion(
    ContactEventService events,
    ContactService contacts,
    IContactStore store,
    IdentityNormalizer identities,
    IOptions<TrackingOptions> options,
    TimeProvider clock)
{
    private const string InvalidTitle = "The tracking request is invalid; nothing was recorded.";

    public async Task<TrackingOutcome> IngestAsync(TrackingSource source, TrackingRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var anonymousId = request.AnonymousId?.Trim();
        if (anonymousId is null || !AnonymousIdPattern().IsMatch(anonymousId))
        {
            errors.Add("anonymousId", "The visitor's anonymous id is required: 8 to 64 letters, digits, '-' or '_'.");
        }

        var calls = request.Batch ?? [];
        var maxCalls = options.Value.MaxCallsPerRequest;
        if (calls.Count == 0)
        {
            errors.Add("batch", "At least one call (page, track, form or identify) is required.");
        }
        else if (calls.Count > maxCalls)
        {
            errors.Add("batch", $"At most {maxCalls} calls per request.");
        }

        var read = calls.Count > maxCalls ? [] : calls.Select((call, i) => Read(source, call, i, errors)).ToList();
        errors.ThrowIfAny(InvalidTitle);

        // A browser clock may be off by hours: move each timestamp by the difference between its clock and ours.
        var now = clock.GetUtcNow();
        var clockOffset = request.SentAt is { } sentAt ? now - sentAt : TimeSpan.Zero;

        var currentAnonymousId = anonymousId!;
        var identified = 0;
        var tracked = new List<(int Index, TrackEventInput Event)>();
        foreach (var call in read)
        {
            if (call.Identify is { } identify)
            {
                // Identify before the events are stored: a journey an event starts finds the contact already known.
                currentAnonymousId = await IdentifyAsync(identify, currentAnonymousId, cancellationToken);
                identified++;
                continue;
            }

            tracked.Add((call.Index, new TrackEventInput(
                call.EventName,
                AnonymousId: currentAnonymousId,
                OccurredAt: call.Timestamp is { } timestamp ? timestamp + clockOffset : now,
                Properties: call.Properties,
                // Scoped to the source and visitor: a page can neither collide with nor pre-empt the keys of server-side senders.
                IdempotencyKey: $"web:{source.Name}:{anonymousId}:{call.MessageId}")));
        }

        if (tracked.Count == 0)
        {
            return new TrackingOutcome(calls.Count, 0, 0, identified, currentAnonymousId);
        }

        try
        {
            var result = await events.TrackAsync(tracked.Select(t => (TrackEventInput?)t.Event).ToList(), batch: true, cancellationToken);
            return new TrackingOutcome(calls.Count, result.Stored, result.Duplicates, identified, currentAnonymousId);
        }
        catch (AudienceValidationException invalid)
        {
            throw Rename(invalid, field => EventField(field, tracked));
        }
    }

    private ReadCall Read(TrackingSource source, TrackingCall? call, int index, FieldErrors errors)
    {
        var prefix = $"batch[{index}]";
        if (call is null)
        {
            errors.Add(prefix, "The call is missing.");
            return new ReadCall(index);
        }

        var type = call.Type?.Trim();
        if (type is null || !TrackingCalls.Types.Contains(type))
        {
            errors.Add($"{prefix}.type", $"The type is one of {string.Join(", ", TrackingCalls.Types)}.");
            return new ReadCall(index);
        }

        if (type == TrackingCalls.Identify)
        {
            return new ReadCall(index, Identify: ReadIdentify(source, call, prefix, errors));
        }

        var messageId = call.MessageId?.Trim();
        if (messageId is null || !MessageIdPattern().IsMatch(messageId))
        {
            errors.Add($"{prefix}.messageId", "Every page, track and form call has a messageId (1 to 64 letters, digits, '-' or '_'), the same when it is sent again.");
        }

        if (call.Properties is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            errors.Add($"{prefix}.properties", "Properties are a JSON object.");
        }

        switch (type)
        {
            case TrackingCalls.Page:
                return new ReadCall(index, EventNames.PageView, messageId, call.Timestamp, call.Properties);
            case TrackingCalls.Form:
                return new ReadCall(index, EventNames.FormSubmitted, messageId, call.Timestamp, SensitiveFields.CleanForm(call.Properties));
            default:
                var name = call.Event?.Trim();
                if (string.IsNullOrEmpty(name) || !EventNames.IsValid(name))
                {
                    errors.Add($"{prefix}.event", "The event name is lower-case letters, digits, '_' and '.', starting with a letter.");
                }
                else if (TrackingCalls.ReservedEvents.Contains(name))
                {
                    errors.Add($"{prefix}.event", $"'{name}' is recorded by the server itself and cannot be sent from a page.");
                }

                return new ReadCall(index, name, messageId, call.Timestamp, name == EventNames.FormSubmitted ? SensitiveFields.CleanForm(call.Properties) : call.Properties);
        }
    }

    private PendingIdentify? ReadIdentify(TrackingSource source, TrackingCall call, string prefix, FieldErrors errors)
    {
        var given = new List<(string Field, string Kind, string Raw, string? Normalized)>();
        foreach (var (field, kind, value) in new[] { ("email", IdentityKinds.Email, call.Email), ("phone", IdentityKinds.Phone, call.Phone), ("externalId", source.ExternalIdKind, call.ExternalId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var (normalized, error) = identities.Normalize(kind, value);
            if (error is not null)
            {
                errors.Add($"{prefix}.{field}", error);
            }

            given.Add(($"{prefix}.{field}", kind, value, normalized));
        }

        if (given.Count == 0)
        {
            errors.Add($"{prefix}.email", "identify needs an email, phone or externalId.");
        }

        string? timeZone = null, locale = null;
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (call.Traits is { ValueKind: JsonValueKind.Object } traits)
        {
            foreach (var trait in traits.EnumerateObject())
            {
                var field = $"{prefix}.traits.{trait.Name}";
                if (trait.Name is TrackingCalls.TimeZoneTrait or TrackingCalls.LocaleTrait)
                {
                    if (trait.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        errors.Add(field, $"{trait.Name} is a string.");
                    }
                    else if (trait.Name == TrackingCalls.TimeZoneTrait)
                    {
                        timeZone = trait.Value.GetString();
                    }
                    else
                    {
                        locale = trait.Value.GetString();
                    }
                }
                else if (source.Traits.Contains(trait.Name, StringComparer.Ordinal))
                {
                    attributes[trait.Name] = trait.Value;
                }
                else
                {
                    errors.Add(field, $"'{trait.Name}' cannot be set from a page; the traits of source '{source.Name}' are {string.Join(", ", [TrackingCalls.TimeZoneTrait, TrackingCalls.LocaleTrait, .. source.Traits])} (Tracking:Sources:{source.Name}:Traits).");
                }
            }
        }
        else if (call.Traits is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            errors.Add($"{prefix}.traits", "Traits are a JSON object.");
        }

        return new PendingIdentify(prefix, given.Select(g => (g.Field, g.Kind, g.Raw, g.Normalized!)).ToList(), timeZone, locale, attributes);
    }

    /// <summary>Identifies the visitor; returns the anonymous id the browser goes on with.</summary>
    private async Task<string> IdentifyAsync(PendingIdentify identify, string anonymousId, CancellationToken cancellationToken)
    {
        var holders = await store.FindIdsAsync(identify.Identities.Select(i => (i.Kind, i.Value)).ToList(), cancellationToken);
        var known = holders.Values.Distinct().ToList();
        if (known.Count > 1)
        {
            // Anyone can type anyone's e-mail address into a page; merging known contacts takes an API key.
            throw new AudienceConflictException(
                "The identities belong to different contacts.", identify.Prefix,
                "A page cannot merge known contacts; merge them with the management API (POST /api/audience/contacts/{id}/merge).");
        }

        var continueWith = anonymousId;
        if (await store.FindIdAsync(IdentityKinds.Anonymous, anonymousId, cancellationToken) is { } visitorId
            && await store.GetAsync(visitorId, cancellationToken) is { } visitor)
        {
            var visitorKnown = visitor.Identities.Where(i => i.Kind != IdentityKinds.Anonymous).ToList();
            var someoneElse = visitorKnown.Count > 0 && (known.Count == 1
                ? known[0] != visitorId
                : identify.Identities.Any(g => visitorKnown.Any(k => k.Kind == g.Kind)));
            if (someoneElse)
            {
                // Another person signs in on a browser already identified (a shared computer): their contacts stay
                // apart, and the browser gets a fresh anonymous id that belongs to the new person from now on.
                continueWith = Guid.NewGuid().ToString("N");
            }
        }

        try
        {
            await contacts.IdentifyAsync(
                new IdentifyInput(continueWith, identify.Identities.Select(i => new IdentityInput(i.Kind, i.Raw)).ToList(), identify.TimeZone, identify.Locale, Attributes: identify.Attributes),
                cancellationToken);
        }
        catch (AudienceValidationException invalid)
        {
            throw Rename(invalid, field => IdentifyField(field, identify));
        }

        return continueWith;
    }

    private static AudienceValidationException Rename(AudienceValidationException invalid, Func<string, string> rename) =>
        new(InvalidTitle, invalid.Errors.GroupBy(e => rename(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal));

    private static string IdentifyField(string field, PendingIdentify identify)
    {
        if (IndexedField().Match(field) is { Success: true } match && match.Groups["list"].Value == "identities"
            && int.Parse(match.Groups["index"].Value) is var i && i < identify.Identities.Count)
        {
            return identify.Identities[i].Field;
        }

        return field switch
        {
            "anonymousId" => "anonymousId",
            "timeZone" or "locale" => $"{identify.Prefix}.traits.{field}",
            _ when field.StartsWith("attributes.", StringComparison.Ordinal) => $"{identify.Prefix}.traits.{field["attributes.".Length..]}",
            _ => identify.Prefix,
        };
    }

    private static string EventField(string field, List<(int Index, TrackEventInput Event)> tracked)
    {
        var match = IndexedField().Match(field);
        var i = match.Success ? int.Parse(match.Groups["index"].Value) : -1;
        if (i < 0 || i >= tracked.Count)
        {
            return "batch";
        }

        var rest = match.Groups["rest"].Value;
        return $"batch[{tracked[i].Index}]{(rest is ".name" ? ".event" : rest is ".occurredAt" ? ".timestamp" : rest)}";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex AnonymousIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex MessageIdPattern();

    [GeneratedRegex(@"^(?<list>[A-Za-z]+)\[(?<index>\d+)\](?<rest>.*)$")]
    private static partial Regex IndexedField();

    private sealed record ReadCall(
        int Index, string? EventName = null, string? MessageId = null, DateTimeOffset? Timestamp = null, JsonElement? Properties = null, PendingIdentify? Identify = null);

    private sealed record PendingIdentify(
        string Prefix, IReadOnlyList<(string Field, string Kind, string Raw, string Value)> Identities, string? TimeZone, string? Locale, IReadOnlyDictionary<string, JsonElement> Attributes);
}
