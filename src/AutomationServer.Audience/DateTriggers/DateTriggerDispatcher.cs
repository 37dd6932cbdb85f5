using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>Hands the stimuli of due dates to the workflow engine (decorated in tests to watch what fires).</summary>
public interface IDateTriggerDispatcher
{
    Task DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken);
}

public sealed class WorkflowDateTriggerDispatcher(WorkflowRuntime runtime) : IDateTriggerDispatcher
{
    public Task DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken) => runtime.DispatchAsync(stimuli, cancellationToken);
}
