using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Journeys;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// The entry point for everything that moves instances: stimuli (events, webhooks), due timers,
/// scheduled triggers, explicit starts, cancellations and incident retries. It loads instances,
/// lets the <see cref="WorkflowRunner"/> advance them in memory, and commits each batch in one
/// transaction. Optimistic concurrency guards every instance; on a conflict the batch is redone
/// instance by instance from fresh state, so no step is ever committed twice.
/// </summary>
public sealed class WorkflowRuntime(
    IWorkflowRuntimeStore store,
    IWorkflowInstanceStore instances,
    BlueprintProvider blueprints,
    TriggerIndex triggers,
    TriggerAcceptance triggerAcceptance,
    WorkflowRunner runner,
    JourneyEntryGate entryGate,
    IEnumerable<IJourneyExitEvaluator> exitEvaluators,
    IEnumerable<IOutboxSignal> outboxSignals,
    IEnumerable<IScheduledTriggerFanOut> fanOuts,
    TimeProvider clock,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowRuntime> logger) : IDueBookmarkProcessor, IScheduledTriggerRunner
{
    private const int MaxConflictRetries = 5;
    private const int MaxBookmarksPerDispatch = 10_000;
    private readonly IJourneyExitEvaluator? _exitEvaluator = exitEvaluators.LastOrDefault();
    private readonly Dictionary<string, IScheduledTriggerFanOut> _fanOuts = fanOuts.GroupBy(f => f.Stimulus, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Starts instances from matching triggers and resumes matching bookmarks, committing once for the whole batch.</summary>
    public async Task<DispatchResult> DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        var started = new List<WorkflowExecution>();
        var entries = entryGate.NewBatch();
        var declined = 0;
        if (stimuli.Count > 1)
        {
            await entries.PreloadAsync(await StartCandidatesAsync(stimuli, cancellationToken), cancellationToken);
        }

        foreach (var stimulus in stimuli)
        {
            foreach (var trigger in await triggers.FindAsync(stimulus.Hash, cancellationToken))
            {
                var blueprint = await blueprints.GetAsync(trigger.DefinitionVersionId, cancellationToken);
                var info = new StimulusInfo(stimulus.Name, stimulus.Payload);
                if (blueprint is null || !triggerAcceptance.Accepts(blueprint, trigger.ActivityId, info))
                {
                    continue;
                }

                if (!await entries.AllowsAsync(blueprint, stimulus.CorrelationId, stimulus.EntryKey, cancellationToken))
                {
                    declined++;
                    logger.LogInformation("Entry rule {Mode} of {DefinitionId} declined a start for {CorrelationId}",
                        blueprint.Journey.Entry.Mode, blueprint.DefinitionId, stimulus.CorrelationId);
                    continue;
                }

                var execution = runner.NewInstance(blueprint, stimulus.CorrelationId, InputOf(stimulus.Payload));
                execution.EntryKey = stimulus.EntryKey;
                await runner.StartAsync(execution, trigger.ActivityId, info, cancellationToken);
                entries.Started(execution);
                started.Add(execution);
            }
        }

        // One lookup for the whole batch; each bookmark then goes to the first stimulus that matches it.
        var keys = stimuli.Select(s => new BookmarkKey(s.Hash, s.CorrelationId)).Distinct().ToList();
        var waiting = await store.FindBookmarksAsync(keys, MaxBookmarksPerDispatch, cancellationToken);
        var byKey = new Dictionary<BookmarkKey, Stimulus>();
        var byHash = new Dictionary<string, Stimulus>(StringComparer.Ordinal);
        foreach (var stimulus in stimuli)
        {
            byKey.TryAdd(new BookmarkKey(stimulus.Hash, stimulus.CorrelationId), stimulus);
            byHash.TryAdd(stimulus.Hash, stimulus);
        }

        var matches = new List<BookmarkMatch>(waiting.Count);
        foreach (var bookmark in waiting)
        {
            // Same correlation id first, then an uncorrelated stimulus; a bookmark without correlation takes any.
            var stimulus = byKey.GetValueOrDefault(new BookmarkKey(bookmark.Hash!, bookmark.CorrelationId))
                ?? byKey.GetValueOrDefault(new BookmarkKey(bookmark.Hash!, null))
                ?? (bookmark.CorrelationId is null ? byHash.GetValueOrDefault(bookmark.Hash!) : null);
            if (stimulus is not null)
            {
                matches.Add(new BookmarkMatch(bookmark, new StimulusInfo(stimulus.Name, stimulus.Payload)));
            }
        }

        var resumed = await ResumeAsync(matches, started, cancellationToken);
        return new DispatchResult(started.Where(s => s.Committed).Select(s => s.Record.Id).ToList(), resumed)
        {
            Declined = declined + started.Count(s => !s.Committed),
        };
    }

    /// <summary>Starts a new instance of a blueprint at its entry nodes (the API's "run").</summary>
    public async Task<WorkflowInstanceRecord> StartAsync(WorkflowBlueprint blueprint, IReadOnlyDictionary<string, object?>? input, string? correlationId, CancellationToken cancellationToken)
    {
        var execution = runner.NewInstance(blueprint, correlationId, input);
        await runner.StartAsync(execution, null, null, cancellationToken);
        await CommitAsync([execution]);
        return execution.Record;
    }

    public Task<Guid?> RunTriggerAsync(Guid triggerId, CancellationToken cancellationToken) => RunTriggerAsync(triggerId, onDemand: false, cancellationToken);

    /// <summary>
    /// Fires a scheduled trigger: starts one instance, or hands the firing to the <see cref="IScheduledTriggerFanOut"/>
    /// registered for its stimulus (then the id returned is the fan-out's, e.g. a broadcast run). <paramref name="onDemand"/>
    /// marks a firing a person asked for now, outside the schedule.
    /// </summary>
    public async Task<Guid?> RunTriggerAsync(Guid triggerId, bool onDemand, CancellationToken cancellationToken)
    {
        var trigger = await triggers.FindByIdAsync(triggerId, cancellationToken);
        var blueprint = trigger is null ? null : await blueprints.GetAsync(trigger.DefinitionVersionId, cancellationToken);
        if (trigger is null || blueprint is null)
        {
            logger.LogInformation("Scheduled trigger {TriggerId} no longer exists; nothing started", triggerId);
            return null;
        }

        if (_fanOuts.GetValueOrDefault(trigger.Stimulus) is { } fanOut)
        {
            var firing = new ScheduledTriggerFiring(trigger, blueprint, blueprint.Nodes.GetValueOrDefault(trigger.ActivityId)?.Activity, triggerAcceptance.ContextFor(trigger.ActivityId), clock.GetUtcNow().UtcDateTime, onDemand);
            return await fanOut.FanOutAsync(firing, cancellationToken);
        }

        var execution = runner.NewInstance(blueprint, null, null);
        await runner.StartAsync(execution, trigger.ActivityId, new StimulusInfo(trigger.Stimulus, null), cancellationToken);
        await CommitAsync([execution]);
        return execution.Record.Id;
    }

    public async Task<int> ProcessDueBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await store.ClaimDueBookmarksAsync(now, now + options.Value.ClaimLease, options.Value.DueBatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await ResumeAsync(claimed.Select(b => new BookmarkMatch(b, null)).ToList(), [], cancellationToken);
        return claimed.Count;
    }

    public async Task<DateTimeOffset?> GetNextDueAtAsync(CancellationToken cancellationToken)
    {
        var next = await store.GetNextDueAtAsync(cancellationToken);
        return next is null ? null : new DateTimeOffset(DateTime.SpecifyKind(next.Value, DateTimeKind.Utc));
    }

    /// <summary>Cancels an instance: removes its waits and closes its incidents. False when it does not exist or already ended.</summary>
    public Task<bool> CancelAsync(Guid instanceId, CancellationToken cancellationToken) =>
        WithFreshInstanceAsync(instanceId, async (execution, incidents) =>
        {
            runner.Cancel(execution, incidents);
            await Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Runs the faulted activity of an open incident again now. False when the incident is not open.</summary>
    public async Task<bool> RetryIncidentAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        var incident = await instances.FindIncidentAsync(incidentId, cancellationToken);
        if (incident is not { Status: IncidentStatus.Open })
        {
            return false;
        }

        return await WithFreshInstanceAsync(incident.InstanceId, async (execution, incidents) =>
        {
            if (await ExitHitAsync(execution, cancellationToken) is { } hit)
            {
                runner.Exit(execution, hit, incidents);
                return;
            }

            var open = incidents.FirstOrDefault(i => i.Id == incidentId);
            if (open is not null)
            {
                await runner.RetryAsync(execution, open, cancellationToken);
            }
        }, cancellationToken);
    }

    private async Task<bool> WithFreshInstanceAsync(Guid instanceId, Func<WorkflowExecution, IReadOnlyList<IncidentRecord>, Task> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = (await store.LoadInstancesAsync([instanceId], cancellationToken)).FirstOrDefault();
            if (record is null || record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            {
                return false;
            }

            var blueprint = await blueprints.GetAsync(record.DefinitionVersionId, cancellationToken)
                ?? throw new InvalidOperationException($"Definition version {record.DefinitionVersionId} of instance {instanceId} is missing.");
            var execution = WorkflowRunner.Load(blueprint, record);
            await change(execution, await OpenIncidentsAsync(record, cancellationToken));
            try
            {
                await CommitAsync([execution]);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                logger.LogDebug("Instance {InstanceId} changed concurrently; retrying", instanceId);
            }
        }
    }

    private async Task<List<Guid>> ResumeAsync(List<BookmarkMatch> matches, List<WorkflowExecution> started, CancellationToken cancellationToken)
    {
        var resumed = new List<WorkflowExecution>();
        var orphans = new List<Guid>();
        var byInstance = matches.GroupBy(m => m.Bookmark.InstanceId).ToList();
        var records = byInstance.Count == 0
            ? []
            : (await store.LoadInstancesAsync(byInstance.Select(g => g.Key).ToList(), cancellationToken)).ToDictionary(r => r.Id);

        foreach (var group in byInstance)
        {
            if (!records.TryGetValue(group.Key, out var record) || record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            {
                orphans.AddRange(group.Select(m => m.Bookmark.Id));
                continue;
            }

            var execution = await ResumeInstanceAsync(record, group, cancellationToken);
            if (execution is not null)
            {
                resumed.Add(execution);
            }
        }

        var all = started.Concat(resumed).ToList();
        try
        {
            await CommitAsync(all, orphans);
        }
        catch (ConcurrencyConflictException) when (resumed.Count > 0 || started.Any(s => s.EntryClaim is not null))
        {
            // Another thread or node moved one of these instances, or entered one of these contacts into a journey,
            // first. New instances are committed on their own (deciding entry rules again if need be), then each
            // resumption is redone from the state now stored.
            logger.LogDebug("Concurrent change in a batch of {Started} starts and {Resumed} resumptions; retrying", started.Count, resumed.Count);
            await CommitStartsAsync(started, orphans, cancellationToken);
            foreach (var group in byInstance.Where(g => resumed.Any(r => r.Record.Id == g.Key)))
            {
                await ResumeOneByOneAsync(group.Key, group.ToList(), cancellationToken);
            }
        }

        return resumed.Select(r => r.Record.Id).ToList();
    }

    /// <summary>Commits new instances after their batch conflicted: together if they can, else one by one with entry rules decided afresh.</summary>
    private async Task CommitStartsAsync(List<WorkflowExecution> started, List<Guid> orphans, CancellationToken cancellationToken)
    {
        try
        {
            await CommitAsync(started, orphans);
            return;
        }
        catch (ConcurrencyConflictException) when (started.Any(s => s.EntryClaim is not null))
        {
            await CommitAsync([], orphans);
        }

        foreach (var execution in started)
        {
            await CommitStartOnItsOwnAsync(execution, cancellationToken);
        }
    }

    private async Task CommitStartOnItsOwnAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxConflictRetries; attempt++)
        {
            if (execution.EntryClaim is not null)
            {
                execution.EntryClaim = await entryGate.ClaimAsync(execution.Blueprint, execution.Record.CorrelationId!, execution.EntryKey, cancellationToken);
                if (execution.EntryClaim is null)
                {
                    // The run stays uncommitted: another node started this contact first and the entry rule now says no.
                    execution.Committed = false;
                    logger.LogInformation("Entry rule {Mode} of {DefinitionId} declined a start for {CorrelationId} that another node made first",
                        execution.Blueprint.Journey.Entry.Mode, execution.Blueprint.DefinitionId, execution.Record.CorrelationId);
                    return;
                }
            }

            try
            {
                await CommitAsync([execution]);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries && execution.EntryClaim is not null)
            {
                logger.LogDebug("Journey entry of {CorrelationId} into {DefinitionId} changed concurrently; attempt {Attempt}", execution.Record.CorrelationId, execution.Blueprint.DefinitionId, attempt);
            }
        }
    }

    /// <summary>The instance's first exit or goal condition that holds now, asked before it is resumed.</summary>
    private async Task<JourneyExitHit?> ExitHitAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        var record = execution.Record;
        if (_exitEvaluator is null || execution.Blueprint.Journey.Exits.Count == 0 || string.IsNullOrEmpty(record.CorrelationId))
        {
            return null;
        }

        var check = new JourneyExitCheck(record.DefinitionId, record.Id, record.CorrelationId, execution.Blueprint.Journey.Exits,
            DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc), clock.GetUtcNow().UtcDateTime);
        return await _exitEvaluator.CheckAsync(check, cancellationToken);
    }

    private async Task<WorkflowExecution?> ResumeInstanceAsync(WorkflowInstanceRecord record, IEnumerable<BookmarkMatch> matches, CancellationToken cancellationToken)
    {
        var blueprint = await blueprints.GetAsync(record.DefinitionVersionId, cancellationToken);
        if (blueprint is null)
        {
            logger.LogError("Definition version {VersionId} of instance {InstanceId} is missing; its bookmarks stay", record.DefinitionVersionId, record.Id);
            return null;
        }

        var execution = WorkflowRunner.Load(blueprint, record);
        var incidents = await OpenIncidentsAsync(record, cancellationToken);
        if (await ExitHitAsync(execution, cancellationToken) is { } hit)
        {
            // Consuming what this wake-up matched makes a concurrent resumption of the same bookmark conflict.
            foreach (var match in matches)
            {
                if (execution.State.Bookmarks.Any(b => b.Id == match.Bookmark.Id))
                {
                    execution.ConsumeBookmark(match.Bookmark.Id);
                }
                else
                {
                    execution.RemovedBookmarkIds.Add(match.Bookmark.Id);
                }
            }

            runner.Exit(execution, hit, incidents);
            return execution;
        }

        var any = false;
        foreach (var match in matches.OrderBy(m => m.Bookmark.CreatedAt))
        {
            // A bookmark the instance no longer holds (cancelled by a join, or already used) is stale.
            if (execution.State.Bookmarks.Any(b => b.Id == match.Bookmark.Id))
            {
                await runner.ResumeAsync(execution, match.Bookmark, match.Stimulus, incidents, cancellationToken);
                any = true;
            }
            else
            {
                execution.RemovedBookmarkIds.Add(match.Bookmark.Id);
            }
        }

        return any || execution.RemovedBookmarkIds.Count > 0 ? execution : null;
    }

    private async Task ResumeOneByOneAsync(Guid instanceId, List<BookmarkMatch> matches, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxConflictRetries; attempt++)
        {
            var stillThere = (await store.LoadBookmarksAsync(matches.Select(m => m.Bookmark.Id).ToList(), cancellationToken)).Select(b => b.Id).ToHashSet();
            var record = (await store.LoadInstancesAsync([instanceId], cancellationToken)).FirstOrDefault();
            if (stillThere.Count == 0 || record is null)
            {
                return;
            }

            var execution = await ResumeInstanceAsync(record, matches.Where(m => stillThere.Contains(m.Bookmark.Id)), cancellationToken);
            if (execution is null)
            {
                return;
            }

            try
            {
                await CommitAsync([execution]);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                logger.LogDebug("Instance {InstanceId} changed concurrently; attempt {Attempt}", instanceId, attempt);
            }
        }

        logger.LogWarning("Gave up resuming instance {InstanceId} after {Attempts} concurrent changes; its bookmarks remain for a later stimulus or scan", instanceId, MaxConflictRetries);
    }

    private async Task<IReadOnlyList<IncidentRecord>> OpenIncidentsAsync(WorkflowInstanceRecord record, CancellationToken cancellationToken) =>
        record.IncidentCount == 0
            ? []
            : (await instances.ListIncidentsAsync(record.Id, cancellationToken)).Where(i => i.Status == IncidentStatus.Open).ToList();

    private async Task CommitAsync(IReadOnlyList<WorkflowExecution> executions, IReadOnlyList<Guid>? orphanBookmarks = null)
    {
        var commit = new WorkflowCommit();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var execution in executions)
        {
            execution.WriteTo(commit, now);
        }

        if (orphanBookmarks is not null)
        {
            commit.RemovedBookmarkIds.AddRange(orphanBookmarks);
        }

        if (!commit.IsEmpty)
        {
            // Not cancellable: the run is over and its side effects (an HTTP call, say) have happened.
            // Dropping the commit because a caller went away would make the step run a second time.
            await store.CommitAsync(commit, CancellationToken.None);
            if (commit.NewMessages.Count > 0)
            {
                foreach (var signal in outboxSignals)
                {
                    signal.MessagesQueued(commit.NewMessages.Count);
                }
            }
        }
    }

    /// <summary>The (definition, correlation id) pairs the stimuli could start, for reading their entry rows at once.</summary>
    private async Task<List<(WorkflowBlueprint, string?, string?)>> StartCandidatesAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        var candidates = new List<(WorkflowBlueprint, string?, string?)>();
        foreach (var stimulus in stimuli.Where(s => s.CorrelationId is not null))
        {
            foreach (var trigger in await triggers.FindAsync(stimulus.Hash, cancellationToken))
            {
                if (await blueprints.GetAsync(trigger.DefinitionVersionId, cancellationToken) is { } blueprint)
                {
                    candidates.Add((blueprint, stimulus.CorrelationId, stimulus.EntryKey));
                }
            }
        }

        return candidates;
    }

    private static IReadOnlyDictionary<string, object?>? InputOf(object? payload) => payload switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> dictionary => dictionary,
        _ => new Dictionary<string, object?> { ["payload"] = payload },
    };

    private sealed record BookmarkMatch(BookmarkRecord Bookmark, StimulusInfo? Stimulus);
}
