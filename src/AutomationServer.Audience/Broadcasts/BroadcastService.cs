using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>What a start on request found.</summary>
public enum BroadcastStartStatus
{
    Started,
    NoBroadcastTrigger,
    AmbiguousActivity,
}

public sealed record BroadcastStartResult(BroadcastStartStatus Status, BroadcastRunRecord? Run, IReadOnlyList<string> ActivityIds);

/// <summary>Starts broadcasts on request (outside their schedule) and lists runs with their progress.</summary>
public sealed class BroadcastService(IWorkflowRuntimeStore triggers, WorkflowRuntime runtime, IAudienceSqlConnections connections)
{
    /// <summary>Starts a run now of the published definition's broadcast trigger (the one named by <paramref name="activityId"/> when it has several).</summary>
    public async Task<BroadcastStartResult> StartNowAsync(string definitionId, string? activityId, CancellationToken cancellationToken)
    {
        var candidates = (await triggers.LoadTriggersAsync(cancellationToken))
            .Where(t => t.Stimulus == Broadcast.TypeName && t.DefinitionId == definitionId)
            .ToList();
        var ids = candidates.Select(t => t.ActivityId).Distinct(StringComparer.Ordinal).ToList();
        var trigger = activityId is null ? (candidates.Count == 1 ? candidates[0] : null) : candidates.FirstOrDefault(t => t.ActivityId == activityId);
        if (trigger is null)
        {
            return new BroadcastStartResult(candidates.Count > 1 && activityId is null ? BroadcastStartStatus.AmbiguousActivity : BroadcastStartStatus.NoBroadcastTrigger, null, ids);
        }

        var runId = await runtime.RunTriggerAsync(trigger.Id, onDemand: true, cancellationToken);
        var run = runId is null ? null : await FindAsync(runId.Value, cancellationToken);
        return run is null
            ? new BroadcastStartResult(BroadcastStartStatus.NoBroadcastTrigger, null, ids)
            : new BroadcastStartResult(BroadcastStartStatus.Started, run, ids);
    }

    public async Task<BroadcastRunRecord?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        return await BroadcastStore.FindAsync(session, runId, cancellationToken);
    }

    public async Task<IReadOnlyList<BroadcastRunRecord>> ListAsync(string? definitionId, int limit, CancellationToken cancellationToken)
    {
        await using var session = await connections.OpenAsync(cancellationToken);
        return await BroadcastStore.ListAsync(session, definitionId, limit, cancellationToken);
    }
}
