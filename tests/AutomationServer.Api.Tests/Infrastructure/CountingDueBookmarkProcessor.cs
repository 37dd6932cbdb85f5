using System.Collections.Concurrent;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>Reports the queued batch sizes one per call, then empty batches, counting every call.</summary>
public sealed class CountingDueBookmarkProcessor(params int[] batches) : IDueBookmarkProcessor
{
    private readonly ConcurrentQueue<int> _batches = new(batches);
    private int _calls;
    private int _processed;

    public Action? OnCall { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public int Processed => Volatile.Read(ref _processed);

    public Task<int> ProcessDueBatchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        OnCall?.Invoke();
        var count = _batches.TryDequeue(out var next) ? next : 0;
        Interlocked.Add(ref _processed, count);
        return Task.FromResult(count);
    }

    public Task<DateTimeOffset?> GetNextDueAtAsync(CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(_batches.IsEmpty ? null : DateTimeOffset.UtcNow);
}
