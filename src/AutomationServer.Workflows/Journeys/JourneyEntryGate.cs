using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Workflows.Journeys;

/// <summary>
/// Applies a definition's entry rule when a trigger would start an instance for a correlation id. The decision is
/// made on the stored entry row and written back in the instance's own commit (<see cref="JourneyEntryClaim"/>), so a
/// second node deciding the same contact at the same moment conflicts and decides again. Instances without a
/// correlation id are never limited; with mode <see cref="JourneyEntryMode.Always"/> only a start for an occasion that
/// already started the contact (<see cref="Stimulus.EntryKey"/>) is declined.
/// </summary>
public sealed class JourneyEntryGate(IWorkflowRuntimeStore store, TimeProvider clock)
{
    private readonly IWorkflowRuntimeStore _store = store;
    private readonly TimeProvider _clock = clock;

    internal JourneyEntryBatch NewBatch() => new(this);

    /// <summary>Decides one start on its own from the stored state (after a conflict): the claim to commit, or null when declined.</summary>
    internal async Task<JourneyEntryClaim?> ClaimAsync(WorkflowBlueprint blueprint, string correlationId, string? entryKey, CancellationToken cancellationToken)
    {
        var key = new JourneyEntryKey(blueprint.DefinitionId, correlationId);
        var row = (await _store.LoadJourneyEntriesAsync([key], cancellationToken)).FirstOrDefault();
        var active = blueprint.Journey.Entry.Mode == JourneyEntryMode.NotWhileActive
                     && await _store.HasActiveInstanceAsync(key.DefinitionId, correlationId, cancellationToken);
        var now = _clock.GetUtcNow().UtcDateTime;
        return Allows(blueprint.Journey.Entry, row, active, now, entryKey) ? Claim(key, row, row?.Revision, now, 1, entryKey) : null;
    }

    internal static bool Applies(WorkflowBlueprint blueprint, string? correlationId, string? entryKey) =>
        (blueprint.Journey.LimitsEntry || entryKey is not null) && !string.IsNullOrEmpty(correlationId);

    private static bool Allows(JourneyEntryRule rule, JourneyEntryRecord? row, bool active, DateTime now, string? entryKey) =>
        (entryKey is null || row?.LastEntryKey != entryKey) && AllowsByRule(rule, row, active, now);

    private static bool AllowsByRule(JourneyEntryRule rule, JourneyEntryRecord? row, bool active, DateTime now) => rule.Mode switch
    {
        JourneyEntryMode.Once => row is null || row.Count == 0,
        JourneyEntryMode.OncePer => row is null || now - row.LastStartedAt >= rule.Period,
        JourneyEntryMode.NotWhileActive => !active,
        _ => true,
    };

    private static JourneyEntryClaim Claim(JourneyEntryKey key, JourneyEntryRecord? row, int? loadedRevision, DateTime now, int starts, string? entryKey) => new(
        new JourneyEntryRecord
        {
            DefinitionId = key.DefinitionId,
            CorrelationId = key.CorrelationId,
            FirstStartedAt = row?.FirstStartedAt ?? now,
            LastStartedAt = now,
            Count = (row?.Count ?? 0) + starts,
            LastEntryKey = entryKey ?? row?.LastEntryKey,
            Revision = row?.Revision ?? 0,
        },
        loadedRevision);

    /// <summary>
    /// The entry decisions of one dispatch batch: a contact's second stimulus in the batch sees the start its first one
    /// made, so a "once" journey does not start twice from one batch. Every start of a key shares one claim.
    /// </summary>
    internal sealed class JourneyEntryBatch(JourneyEntryGate gate)
    {
        private readonly Dictionary<JourneyEntryKey, Entry> _entries = [];

        /// <summary>
        /// Reads the stored entry rows of many starts in one round trip (a broadcast batch of 500 contacts would
        /// otherwise cost 500 queries); <see cref="AllowsAsync"/> then decides from memory.
        /// </summary>
        public async Task PreloadAsync(IEnumerable<(WorkflowBlueprint Blueprint, string? CorrelationId, string? EntryKey)> starts, CancellationToken cancellationToken)
        {
            var keys = starts
                .Where(s => Applies(s.Blueprint, s.CorrelationId, s.EntryKey) && s.Blueprint.Journey.Entry.Mode != JourneyEntryMode.NotWhileActive)
                .Select(s => new JourneyEntryKey(s.Blueprint.DefinitionId, s.CorrelationId!))
                .Where(key => !_entries.ContainsKey(key))
                .Distinct()
                .ToList();
            if (keys.Count < 2)
            {
                return;
            }

            var stored = (await gate._store.LoadJourneyEntriesAsync(keys, cancellationToken))
                .ToDictionary(row => new JourneyEntryKey(row.DefinitionId, row.CorrelationId));
            foreach (var key in keys)
            {
                _entries[key] = new Entry(stored.GetValueOrDefault(key), storedActive: false);
            }
        }

        /// <summary>True when the blueprint's entry rule lets the correlation id in now.</summary>
        public async Task<bool> AllowsAsync(WorkflowBlueprint blueprint, string? correlationId, string? entryKey, CancellationToken cancellationToken)
        {
            if (!Applies(blueprint, correlationId, entryKey))
            {
                return true;
            }

            var key = new JourneyEntryKey(blueprint.DefinitionId, correlationId!);
            if (!_entries.TryGetValue(key, out var entry))
            {
                var stored = (await gate._store.LoadJourneyEntriesAsync([key], cancellationToken)).FirstOrDefault();
                var active = blueprint.Journey.Entry.Mode == JourneyEntryMode.NotWhileActive
                             && await gate._store.HasActiveInstanceAsync(key.DefinitionId, key.CorrelationId, cancellationToken);
                _entries[key] = entry = new Entry(stored, active);
            }

            var activeNow = entry.StoredActive || entry.Started.Any(e => e.Record.Status is InstanceStatus.Running or InstanceStatus.Suspended or InstanceStatus.Faulted);
            return Allows(blueprint.Journey.Entry, entry.Claim?.Row ?? entry.Stored, activeNow, gate._clock.GetUtcNow().UtcDateTime, entryKey);
        }

        /// <summary>Records a start that <see cref="AllowsAsync"/> let in: its commit will carry the key's claim.</summary>
        public void Started(WorkflowExecution execution)
        {
            var correlationId = execution.Record.CorrelationId;
            if (!Applies(execution.Blueprint, correlationId, execution.EntryKey))
            {
                return;
            }

            var key = new JourneyEntryKey(execution.Blueprint.DefinitionId, correlationId!);
            var entry = _entries[key];
            entry.Started.Add(execution);
            var claim = Claim(key, entry.Stored, entry.Stored?.Revision, execution.Record.CreatedAt, entry.Started.Count, execution.EntryKey);
            entry.Claim = claim;
            foreach (var started in entry.Started)
            {
                started.EntryClaim = claim;
            }
        }

        private sealed class Entry(JourneyEntryRecord? stored, bool storedActive)
        {
            public JourneyEntryRecord? Stored { get; } = stored;

            public bool StoredActive { get; } = storedActive;

            public List<WorkflowExecution> Started { get; } = [];

            public JourneyEntryClaim? Claim { get; set; }
        }
    }
}
