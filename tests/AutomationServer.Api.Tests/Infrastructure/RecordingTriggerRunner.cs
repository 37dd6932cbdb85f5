using System.Collections.Concurrent;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>Records which triggers were run and how often.</summary>
public sealed class RecordingTriggerRunner : IScheduledTriggerRunner
{
    private readonly ConcurrentDictionary<Guid, int> _runs = new();

    public int RunsOf(Guid triggerId) => _runs.TryGetValue(triggerId, out var count) ? count : 0;

    public Task<Guid?> RunTriggerAsync(Guid triggerId, CancellationToken cancellationToken)
    {
        _runs.AddOrUpdate(triggerId, 1, (_, count) => count + 1);
        return Task.FromResult<Guid?>(Guid.NewGuid());
    }
}
