using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>
/// A runtime store holding only triggers, which is all the scheduler reads; the instance and bookmark
/// operations belong to the engine's tests and are refused here.
/// </summary>
public sealed class InMemoryTriggerStore : IWorkflowRuntimeStore
{
    private readonly Lock _gate = new();
    private readonly List<TriggerRecord> _triggers = [];

    public TriggerRecord Add(string? schedule, string definitionId = "newsletter")
    {
        var trigger = new TriggerRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = definitionId,
            DefinitionVersionId = Guid.NewGuid(),
            ActivityId = "trigger-1",
            Stimulus = "Elsa.Cron",
            Hash = Guid.NewGuid().ToString("N"),
            Schedule = schedule,
        };
        lock (_gate)
        {
            _triggers.Add(trigger);
        }

        return trigger;
    }

    public void Remove(Guid id)
    {
        lock (_gate)
        {
            _triggers.RemoveAll(trigger => trigger.Id == id);
        }
    }

    public void SetSchedule(Guid id, string schedule)
    {
        lock (_gate)
        {
            _triggers.Single(trigger => trigger.Id == id).Schedule = schedule;
        }
    }

    public Task<IReadOnlyList<TriggerRecord>> LoadTriggersAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TriggerRecord>>(_triggers.ToList());
        }
    }

    public Task<IReadOnlyList<BookmarkRecord>> FindBookmarksAsync(IReadOnlyCollection<BookmarkKey> keys, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<BookmarkRecord>> ClaimDueBookmarksAsync(DateTime nowUtc, DateTime claimUntilUtc, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<DateTime?> GetNextDueAtAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<WorkflowInstanceRecord>> LoadInstancesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<BookmarkRecord>> LoadBookmarksAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<JourneyEntryRecord>> LoadJourneyEntriesAsync(IReadOnlyCollection<JourneyEntryKey> keys, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> HasActiveInstanceAsync(string definitionId, string correlationId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CommitAsync(WorkflowCommit commit, CancellationToken cancellationToken) => throw new NotSupportedException();
}
