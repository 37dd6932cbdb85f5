using System.Text.Json;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Validation;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Events;

/// <summary>
/// Event ingestion: validates, resolves each event's contact, stores the batch in one bulk insert (repeats of an
/// idempotency key are skipped) and hands every stored event to the engine as an <c>Audience.Event</c> stimulus.
/// </summary>
public sealed class ContactEventService(
    IContactStore contacts,
    IContactEventStore events,
    IdentityNormalizer identities,
    WorkflowRuntime runtime,
    ContactChangeQueue changes,
    EventPointsAwarder points,
    TimeProvider clock)
{
    public const int MaxBatch = 10_000;
    public const int MaxPageSize = 500;
    public const int MaxPropertiesLength = 64 * 1024;

    /// <summary>Client clocks drift; beyond this an event "from the future" is a bug on the sender's side.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="batch">Batch requests name fields <c>events[i].name</c>; a single event <c>name</c>.</param>
    public async Task<TrackResult> TrackAsync(IReadOnlyList<TrackEventInput?>? inputs, bool batch, CancellationToken cancellationToken)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw FieldErrors.Single("The batch is empty.", "events", "At least one event is required.");
        }

        if (inputs.Count > MaxBatch)
        {
            throw FieldErrors.Single("The batch is too large.", "events", $"At most {MaxBatch} events per request.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var parsed = new List<ParsedEvent>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var prefix = batch ? $"events[{i}]." : "";
            if (Parse(inputs[i], prefix, now, errors) is { } ok)
            {
                parsed.Add(ok);
            }
        }

        errors.ThrowIfAny(batch ? "Some events are invalid; none was stored." : "The event is invalid.");

        var contactIds = await ResolveContactsAsync(parsed, now, batch, cancellationToken);
        var records = parsed.Select((e, i) => new ContactEventRecord
        {
            Id = Guid.CreateVersion7(),
            ContactId = contactIds[i],
            Name = e.Name,
            OccurredAt = e.OccurredAt,
            ReceivedAt = now,
            Properties = e.PropertiesJson,
            Amount = e.Amount,
            IdempotencyKey = e.IdempotencyKey,
        }).ToList();

        var stored = await events.AppendAsync(records, cancellationToken);
        changes.Enqueue(stored.Select(e => e.ContactId));

        // Only events stored now earn points: a repeated idempotency key was skipped above and earns nothing.
        await points.AwardAsync(stored, cancellationToken);
        var storedIds = stored.Select(s => s.Id).ToHashSet();
        var propertiesById = new Dictionary<Guid, JsonElement>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            propertiesById[records[i].Id] = parsed[i].Properties;
        }

        // After the events commit, so that a workflow started by one can already read it from the timeline.
        var dispatch = stored.Count == 0
            ? DispatchResult.None
            : await runtime.DispatchAsync(stored.Select(e => ToStimulus(e, propertiesById[e.Id])).ToList(), cancellationToken);

        var tracked = records.Select(r => storedIds.Contains(r.Id) ? new TrackedEvent(r.Id, r.ContactId, false) : new TrackedEvent(null, r.ContactId, true)).ToList();
        return new TrackResult(records.Count, stored.Count, records.Count - stored.Count, tracked, dispatch.Started.Count, dispatch.Resumed.Count);
    }

    public async Task<IReadOnlyList<TimelineEntry>?> TimelineAsync(Guid contactId, string? name, int skip, int take, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (skip < 0)
        {
            errors.Add("skip", "Skip is zero or more.");
        }

        if (take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"Take is 1 to {MaxPageSize}.");
        }

        if (name is not null && !EventNames.IsValid(name))
        {
            errors.Add("name", "An event name is lower-case letters, digits, '_' and '.', starting with a letter.");
        }

        errors.ThrowIfAny("The timeline query is invalid.");
        if ((await contacts.ExistingAsync([contactId], cancellationToken)).Count == 0)
        {
            return null;
        }

        var rows = await events.TimelineAsync(new TimelineQuery(contactId, name, skip, take), cancellationToken);
        return rows.Select(r => new TimelineEntry(r.Id, r.Name, r.OccurredAt, r.ReceivedAt, JsonDocument.Parse(r.Properties).RootElement.Clone(), r.Amount, r.IdempotencyKey)).ToList();
    }

    private static Stimulus ToStimulus(ContactEventRecord stored, JsonElement properties) => new(
        AudienceStimuli.Event,
        stored.Name,
        new Dictionary<string, object?>
        {
            ["contactId"] = stored.ContactId.ToString(),
            ["name"] = stored.Name,
            ["occurredAt"] = stored.OccurredAt,
            ["properties"] = InputJson.ToClr(properties),
        },
        AudienceStimuli.CorrelationId(stored.ContactId));

    private ParsedEvent? Parse(TrackEventInput? input, string prefix, DateTime now, FieldErrors errors)
    {
        if (input is null)
        {
            errors.Add(prefix.Length == 0 ? "event" : prefix.TrimEnd('.'), "The event is missing.");
            return null;
        }

        var errorCount = 0;
        void Fail(string field, string message)
        {
            errors.Add(prefix + field, message);
            errorCount++;
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || !EventNames.IsValid(name))
        {
            Fail("name", $"An event name is lower-case letters, digits, '_' and '.', starting with a letter (at most {AudienceTables.NameLength}); standard names: {string.Join(", ", EventNames.Standard)}.");
        }

        var occurredAt = now;
        if (input.OccurredAt is { } clientTime)
        {
            if (clientTime.UtcDateTime > now + MaxClockSkew)
            {
                Fail("occurredAt", $"{clientTime:O} is more than {MaxClockSkew.TotalMinutes} minutes in the future (server time {now:O}).");
            }

            occurredAt = clientTime.UtcDateTime;
        }

        var properties = input.Properties is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? given : EmptyObject;
        string propertiesJson = "{}";
        if (properties.ValueKind != JsonValueKind.Object)
        {
            Fail("properties", "Properties are a JSON object.");
        }
        else
        {
            propertiesJson = properties.GetRawText();
            if (propertiesJson.Length > MaxPropertiesLength)
            {
                Fail("properties", $"Properties are at most {MaxPropertiesLength / 1024} KB of JSON.");
            }
        }

        var key = string.IsNullOrWhiteSpace(input.IdempotencyKey) ? null : input.IdempotencyKey.Trim();
        if (key is { Length: > AudienceTables.IdempotencyKeyLength })
        {
            Fail("idempotencyKey", $"The idempotency key is longer than {AudienceTables.IdempotencyKeyLength} characters.");
        }

        ContactRef? contact = null;
        var named = (input.ContactId is not null ? 1 : 0) + (input.Identity is not null ? 1 : 0) + (string.IsNullOrWhiteSpace(input.AnonymousId) ? 0 : 1);
        if (named != 1)
        {
            Fail("contactId", "Name the contact by exactly one of contactId, identity or anonymousId.");
        }
        else if (input.ContactId is { } id)
        {
            contact = new ContactRef(id, null, null);
        }
        else if (input.Identity is { } identity)
        {
            var kind = identity.Kind?.Trim();
            var (value, error) = identities.Normalize(kind, identity.Value);
            if (error is not null)
            {
                Fail(string.IsNullOrWhiteSpace(kind) ? "identity.kind" : "identity.value", error);
            }
            else if (kind == IdentityKinds.Anonymous)
            {
                contact = new ContactRef(null, null, value);
            }
            else
            {
                contact = new ContactRef(null, (kind!, value!), null);
            }
        }
        else
        {
            var (value, error) = identities.Normalize(IdentityKinds.Anonymous, input.AnonymousId);
            if (error is not null)
            {
                Fail("anonymousId", error);
            }
            else
            {
                contact = new ContactRef(null, null, value);
            }
        }

        return errorCount > 0 ? null : new ParsedEvent(name!, occurredAt, properties, propertiesJson, EventAmounts.From(properties), key, contact!);
    }

    private async Task<Guid[]> ResolveContactsAsync(List<ParsedEvent> parsed, DateTime now, bool batch, CancellationToken cancellationToken)
    {
        var byId = parsed.Where(p => p.Contact.Id is not null).Select(p => p.Contact.Id!.Value).ToHashSet();
        var byIdentity = parsed.Where(p => p.Contact.Identity is not null).Select(p => p.Contact.Identity!.Value).ToHashSet();
        var anonymous = parsed.Where(p => p.Contact.AnonymousId is not null).Select(p => p.Contact.AnonymousId!).ToHashSet(StringComparer.Ordinal);

        var existing = byId.Count == 0 ? new HashSet<Guid>() : await contacts.ExistingAsync(byId, cancellationToken);
        var found = byIdentity.Count == 0 ? new Dictionary<(string, string), Guid>() : await contacts.FindIdsAsync(byIdentity, cancellationToken);

        var errors = new FieldErrors();
        for (var i = 0; i < parsed.Count; i++)
        {
            var prefix = batch ? $"events[{i}]." : "";
            if (parsed[i].Contact.Id is { } id && !existing.Contains(id))
            {
                errors.Add(prefix + "contactId", $"No contact {id} exists.");
            }
            else if (parsed[i].Contact.Identity is { } identity && !found.ContainsKey(identity))
            {
                errors.Add(prefix + "identity", $"No contact has the {identity.Kind} identity '{identity.Value}'; create it first or track by anonymousId.");
            }
        }

        errors.ThrowIfAny(batch ? "Some events name no contact; none was stored." : "The event names no contact.");
        var visitors = anonymous.Count == 0 ? new Dictionary<string, Guid>() : await contacts.EnsureAnonymousAsync(anonymous, now, cancellationToken);
        return parsed.Select(p => p.Contact switch
        {
            { Id: { } id } => id,
            { Identity: { } identity } => found[identity],
            { AnonymousId: { } visitor } => visitors[visitor],
            _ => throw new InvalidOperationException("An event without a contact passed validation."),
        }).ToArray();
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private sealed record ContactRef(Guid? Id, (string Kind, string Value)? Identity, string? AnonymousId);

    private sealed record ParsedEvent(string Name, DateTime OccurredAt, JsonElement Properties, string PropertiesJson, decimal? Amount, string? IdempotencyKey, ContactRef Contact);
}
