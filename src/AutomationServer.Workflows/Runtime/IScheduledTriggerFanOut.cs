using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Takes over a scheduled trigger whose firing means "once per member of an audience" rather than one instance
/// (a newsletter broadcast). <see cref="WorkflowRuntime.RunTriggerAsync(Guid, CancellationToken)"/> asks the fan-out
/// registered for the trigger's stimulus name instead of starting an instance itself.
/// </summary>
public interface IScheduledTriggerFanOut
{
    /// <summary>The stimulus name of the triggers this fan-out handles, e.g. <c>Audience.Broadcast</c>.</summary>
    string Stimulus { get; }

    /// <summary>Starts (or finds, when another node already did) the fan-out of one firing. Returns its id.</summary>
    Task<Guid?> FanOutAsync(ScheduledTriggerFiring firing, CancellationToken cancellationToken);
}

/// <summary>
/// One firing of a scheduled trigger: the trigger, its published blueprint, the trigger node's activity and context (to
/// read its literal inputs), when it fired and whether a person asked for it now rather than the schedule.
/// </summary>
public sealed record ScheduledTriggerFiring(TriggerRecord Trigger, WorkflowBlueprint Blueprint, Activity? Activity, TriggerContext Node, DateTime FiredAtUtc, bool OnDemand);
