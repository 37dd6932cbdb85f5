using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Workflows.Runtime;
using AutomationServer.Workflows.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>
/// Creates broadcast runs from firings of <c>Audience.Broadcast</c> and pages through them: per page, one stimulus per
/// contact (correlated by the contact id, entry key <c>broadcast:&lt;run id&gt;</c>) in one engine dispatch, then the
/// cursor moves past the page. A crash between the two redoes the page; the entry key makes the engine decline every
/// contact the first attempt already started, so nobody receives a broadcast twice.
/// </summary>
public sealed class BroadcastRunner(
    IAudienceSqlConnections connections,
    IBroadcastDispatcher dispatcher,
    BroadcastSignal signal,
    IOptions<BroadcastOptions> options,
    TimeProvider clock,
    ILogger<BroadcastRunner> logger) : IScheduledTriggerFanOut
{
    public string Stimulus => Broadcast.TypeName;

    public static string EntryKeyOf(Guid runId) => $"broadcast:{runId:D}";

    /// <summary>Claims the firing as a run (one per definition, activity and occurrence across nodes) and wakes the worker.</summary>
    public async Task<Guid?> FanOutAsync(ScheduledTriggerFiring firing, CancellationToken cancellationToken)
    {
        if (firing.Activity is not Broadcast broadcast)
        {
            logger.LogWarning("Trigger {TriggerId} of {DefinitionId} is not an {Type} node; nothing broadcast", firing.Trigger.Id, firing.Trigger.DefinitionId, Broadcast.TypeName);
            return null;
        }

        var run = new BroadcastRunRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = firing.Trigger.DefinitionId,
            ActivityId = firing.Trigger.ActivityId,
            TriggerId = firing.Trigger.Id,
            SegmentId = broadcast.SegmentOf(firing.Node),
            ScheduledFor = firing.OnDemand ? Truncate(firing.FiredAtUtc) : Occurrence(broadcast, firing),
            StartedAt = clock.GetUtcNow().UtcDateTime,
            Status = BroadcastRunStatus.Running,
        };

        await using var session = await connections.OpenAsync(cancellationToken);
        var (id, created) = await BroadcastStore.CreateAsync(session, run, cancellationToken);
        if (created)
        {
            logger.LogInformation("Broadcast run {RunId} of {DefinitionId} for {ScheduledFor:O} created (segment {Segment})", id, run.DefinitionId, run.ScheduledFor, run.SegmentId ?? "(every contact)");
            signal.RunCreated();
        }
        else
        {
            logger.LogInformation("Broadcast of {DefinitionId} for {ScheduledFor:O} is run {RunId} already", run.DefinitionId, run.ScheduledFor, id);
        }

        return id;
    }

    /// <summary>Runs every running run nobody holds to its end. Returns how many runs it worked on.</summary>
    public async Task<int> RunPendingAsync(CancellationToken cancellationToken)
    {
        var worked = 0;
        while (await RunOneAsync(null, cancellationToken))
        {
            worked++;
        }

        return worked;
    }

    /// <summary>Claims one free run (or the given one) and pages through it. False when there was none to claim.</summary>
    public async Task<bool> RunOneAsync(Guid? runId, CancellationToken cancellationToken)
    {
        var leaseId = Guid.NewGuid();
        var lease = options.Value.Lease;
        await using var session = await connections.OpenAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var run = await BroadcastStore.ClaimAsync(session, runId, leaseId, now, now + lease, cancellationToken);
        if (run is null)
        {
            return false;
        }

        try
        {
            await PageThroughAsync(session, run, leaseId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The lease runs out and the run is resumed after its cursor; nothing is lost.
            throw;
        }
        catch (Exception exception)
        {
            // An engine failure on one page is retried by the next worker once the lease has run out; the run stays Running.
            logger.LogError(exception, "Broadcast run {RunId} failed after {Dispatched} contacts; it is resumed after {Lease}", run.Id, run.Dispatched, lease);
        }

        return true;
    }

    private async Task PageThroughAsync(AudienceSqlSession session, BroadcastRunRecord run, Guid leaseId, CancellationToken cancellationToken)
    {
        var cursor = run.Cursor;
        var size = Math.Max(1, options.Value.PageSize);
        var entryKey = EntryKeyOf(run.Id);
        var runText = run.Id.ToString("D");
        while (true)
        {
            var page = await BroadcastStore.NextPageAsync(session, run.SegmentId, cursor, size, cancellationToken);
            if (page.Count == 0)
            {
                if (await BroadcastStore.FinishAsync(session, run.Id, leaseId, BroadcastRunStatus.Completed, clock.GetUtcNow().UtcDateTime, null, cancellationToken))
                {
                    logger.LogInformation("Broadcast run {RunId} of {DefinitionId} completed", run.Id, run.DefinitionId);
                }

                return;
            }

            var stimuli = page.Select(contactId =>
            {
                var contact = contactId.ToString("D");
                return new Stimulus(Broadcast.TypeName, run.ActivityId, new Dictionary<string, object?> { ["runId"] = runText, ["contactId"] = contact }, contact) { EntryKey = entryKey };
            }).ToList();
            var result = await dispatcher.DispatchAsync(stimuli, cancellationToken);
            cursor = page[^1];
            var now = clock.GetUtcNow().UtcDateTime;
            if (!await BroadcastStore.AdvanceAsync(session, run.Id, leaseId, cursor.Value, page.Count, result.Started.Count, now + options.Value.Lease, cancellationToken))
            {
                logger.LogWarning("Broadcast run {RunId} was taken over by another worker; this one stops", run.Id);
                return;
            }
        }
    }

    /// <summary>The schedule's latest occurrence at or before the firing: every node firing the same occurrence computes the same instant.</summary>
    private static DateTime Occurrence(Broadcast broadcast, ScheduledTriggerFiring firing)
    {
        var (cron, zone) = broadcast.ScheduleOf(firing.Node);
        var fired = DateTime.SpecifyKind(firing.FiredAtUtc, DateTimeKind.Utc);
        var expression = CronSchedule.Parse(cron);
        foreach (var lookBack in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367) })
        {
            var last = expression.GetOccurrences(fired - lookBack, fired, zone, fromInclusive: true, toInclusive: true).LastOrDefault();
            if (last != default)
            {
                return last;
            }
        }

        return Truncate(fired);
    }

    private static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
