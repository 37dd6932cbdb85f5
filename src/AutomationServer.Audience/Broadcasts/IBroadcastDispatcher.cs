using Microsoft.Extensions.DependencyInjection;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>Hands one page of a broadcast to the workflow engine (decorated in tests to interrupt a run).</summary>
public interface IBroadcastDispatcher
{
    Task<DispatchResult> DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken);
}

/// <summary>Resolves the runtime when first used: the runtime itself depends on the broadcast runner (its fan-out).</summary>
public sealed class WorkflowBroadcastDispatcher(IServiceProvider services) : IBroadcastDispatcher
{
    public Task<DispatchResult> DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken) =>
        services.GetRequiredService<WorkflowRuntime>().DispatchAsync(stimuli, cancellationToken);
}
