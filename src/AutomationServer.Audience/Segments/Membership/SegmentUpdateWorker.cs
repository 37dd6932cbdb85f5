using System.Diagnostics;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Audience.Segments.Membership;

/// <summary>
/// Re-evaluates the segment memberships of each contact <see cref="ContactChangeQueue"/> hands it, then lets the
/// observers (scoring) react; when one changed the contact its segments are evaluated once more. Only once: rules that
/// keep moving a contact back and forth wait for the contact's next change instead of looping.
/// </summary>
public sealed class SegmentUpdateWorker(
    ContactChangeQueue queue,
    SegmentMembershipUpdater updater,
    IEnumerable<IContactChangeObserver> observers,
    IHostApplicationLifetime lifetime,
    ILogger<SegmentUpdateWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            Guid contactId;
            try
            {
                contactId = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                var changes = await updater.UpdateContactAsync(contactId, stoppingToken);

                // Whole microseconds: tools/bench reads this line to report the update's latency percentiles.
                logger.LogDebug(
                    "Segment memberships of contact {ContactId} updated in {ElapsedMicroseconds} us with {Changes} changes",
                    contactId, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, changes.Count);
                var changed = false;
                foreach (var observer in observers)
                {
                    changed |= await observer.ContactChangedAsync(contactId, stoppingToken);
                }

                if (changed)
                {
                    await updater.UpdateContactAsync(contactId, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // One contact's failure must not stop the others; the scheduled reconciliation repairs it.
                logger.LogError(exception, "Updating the segment memberships of contact {ContactId} failed", contactId);
            }
        }
    }
}
