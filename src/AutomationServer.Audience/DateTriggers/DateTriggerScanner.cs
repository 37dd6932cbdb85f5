using System.Globalization;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>What one scan did.</summary>
public sealed record DateTriggerScanResult(int Keys, int Found, int Fired);

/// <summary>
/// Fires <c>Audience.DateReached</c> for every contact whose occurrence fell due since the last scan. Per published
/// key it scans the UTC window (last scanned, now], never earlier than <see cref="AudienceOptions.DateTriggerCatchUp"/>
/// ago nor before the journey's publish, finds the contacts in SQL (per time zone, the local dates whose time of day
/// lies in the window), claims each (key, contact, occurrence) in DateTriggerFirings and dispatches what it claimed.
/// The claim makes every occurrence fire at most once however many scans, restarts or nodes see it.
/// </summary>
public sealed class DateTriggerScanner(
    IAudienceSqlConnections connections,
    IWorkflowRuntimeStore triggers,
    IWorkflowDefinitionStore definitions,
    IDateTriggerDispatcher dispatcher,
    IOptions<AudienceOptions> options,
    TimeProvider clock,
    ILogger<DateTriggerScanner> logger)
{
    public async Task<DateTriggerScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var floor = now - options.Value.DateTriggerCatchUp;
        var published = (await triggers.LoadTriggersAsync(cancellationToken))
            .Where(t => t.Stimulus == AudienceStimuli.DateReached)
            .GroupBy(t => t.Hash, StringComparer.Ordinal)
            .ToList();

        await using var session = await connections.OpenAsync(cancellationToken);
        var found = 0;
        var fired = 0;
        if (published.Count > 0)
        {
            var marks = await DateTriggerStore.LoadMarksAsync(session, cancellationToken);
            var zones = ResolveZones(await DateTriggerStore.DistinctTimeZonesAsync(session, cancellationToken));
            foreach (var group in published)
            {
                var key = DateTriggerKey.FromTriggerJson(group.First().Key);
                if (key is null)
                {
                    logger.LogWarning("Date trigger {Hash} has an unreadable key {Key}; skipped", group.Key, group.First().Key);
                    continue;
                }

                var from = marks.TryGetValue(group.Key, out var mark) ? mark : await FirstPublishedAsync(group, now, cancellationToken);
                if (from < floor)
                {
                    from = floor;
                }

                if (from < now)
                {
                    var (keyFound, keyFired) = await ScanKeyAsync(session, group.Key, key, from, now, zones, cancellationToken);
                    found += keyFound;
                    fired += keyFired;
                }

                await DateTriggerStore.MarkScannedAsync(session, group.Key, key.ToJson(), now, cancellationToken);
            }
        }

        // Firings older than any window can reach are dead weight; a day of margin covers clocks of other nodes.
        await DateTriggerStore.CleanUpAsync(session, published.Select(g => g.Key).ToList(), floor.AddDays(-1), cancellationToken);
        return new DateTriggerScanResult(published.Count, found, fired);
    }

    private async Task<(int Found, int Fired)> ScanKeyAsync(AudienceSqlSession session, string hash, DateTriggerKey key, DateTime fromUtc, DateTime toUtc,
        IReadOnlyList<(string? Stored, TimeZoneInfo Zone)> zones, CancellationToken cancellationToken)
    {
        var type = await DateTriggerStore.AttributeTypeAsync(session, key.Attribute, cancellationToken);
        if (!DateTriggerStore.IsDateType(type))
        {
            logger.LogWarning("Date trigger on '{Attribute}': no date or datetime attribute of that name (found {Type}); nothing fires", key.Attribute, type ?? "none");
            return (0, 0);
        }

        var isDateTime = type == AttributeTypes.DateTime;
        var hits = new List<DateHit>();
        foreach (var group in DateOccurrencePlanner.Plan(key, fromUtc, toUtc, zones))
        {
            hits.AddRange(await DateTriggerStore.FindHitsAsync(session, key, isDateTime, group, cancellationToken));
        }

        var fired = 0;
        foreach (var batch in hits.Chunk(DateTriggerStore.ClaimBatchSize))
        {
            // The claim commits before the dispatch. Should the process die between the two, the claimed occurrences
            // never fire: a missed birthday message is the lesser harm than a doubled one, and no later scan can tell
            // a dispatch that happened from one that did not. (Claiming after dispatching would double instead.)
            var claimed = await DateTriggerStore.ClaimAsync(session, hash, batch, clock.GetUtcNow().UtcDateTime, cancellationToken);
            if (claimed.Count == 0)
            {
                continue;
            }

            try
            {
                await dispatcher.DispatchAsync(claimed.Select(h => ToStimulus(key, isDateTime, h)).ToList(), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // DateReached is a trigger only, so the dispatch just starts instances, committed in one transaction:
                // a failure started none of them, and giving the claims back lets the next scan fire them once.
                logger.LogError(exception, "Dispatching {Count} '{Attribute}' date triggers failed; the next scan retries them", claimed.Count, key.Attribute);
                await DateTriggerStore.ReleaseAsync(session, hash, claimed, CancellationToken.None);
                throw;
            }

            fired += claimed.Count;
        }

        if (fired > 0)
        {
            logger.LogInformation("Date trigger '{Attribute}' {Offset:+0;-0;+0}d {Time} ({Repeat}): {Fired} of {Found} contacts fired", key.Attribute, key.OffsetDays, key.TimeOfDay, key.Repeat, fired, hits.Count);
        }

        return (hits.Count, fired);
    }

    /// <summary>Where a key never scanned before starts: its first publish still in force, so nothing before it fires.</summary>
    private async Task<DateTime> FirstPublishedAsync(IEnumerable<TriggerRecord> records, DateTime now, CancellationToken cancellationToken)
    {
        var first = now;
        foreach (var versionId in records.Select(r => r.DefinitionVersionId).Distinct())
        {
            if ((await definitions.FindByIdAsync(versionId, cancellationToken))?.PublishedAt is { } publishedAt && publishedAt < first)
            {
                first = publishedAt;
            }
        }

        return first;
    }

    private List<(string? Stored, TimeZoneInfo Zone)> ResolveZones(IReadOnlyList<string?> stored)
    {
        var fallback = TimeZoneInfo.FindSystemTimeZoneById(options.Value.DefaultTimeZone);
        return stored.Select(z => (z, z is not null && TimeZoneInfo.TryFindSystemTimeZoneById(z, out var zone) ? zone : fallback)).ToList();
    }

    private static Stimulus ToStimulus(DateTriggerKey key, bool isDateTime, DateHit hit) => new(
        AudienceStimuli.DateReached,
        key,
        new Dictionary<string, object?>
        {
            ["contactId"] = hit.ContactId.ToString(),
            ["attribute"] = key.Attribute,
            ["date"] = isDateTime
                ? hit.AttributeValue.ToString("O", CultureInfo.InvariantCulture)
                : hit.AttributeValue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["occurrence"] = hit.OccurrenceUtc.ToString("O", CultureInfo.InvariantCulture),
        },
        AudienceStimuli.CorrelationId(hit.ContactId));
}
