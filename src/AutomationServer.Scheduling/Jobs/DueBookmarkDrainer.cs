using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Scheduling.Jobs;

public enum DrainStop
{
    /// <summary>A batch came back empty: nothing is due.</summary>
    Empty,

    /// <summary>The time budget ran out with work possibly left; the next scan continues.</summary>
    BudgetExhausted,

    Cancelled,
}

public readonly record struct DrainResult(int Processed, int Batches, DrainStop StoppedBecause);

/// <summary>Calls the processor batch after batch while batches come back full, within a time budget.</summary>
public static class DueBookmarkDrainer
{
    public static async Task<DrainResult> DrainAsync(
        IDueBookmarkProcessor processor, TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var processed = 0;
        var batches = 0;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new DrainResult(processed, batches, DrainStop.Cancelled);
            }

            var count = await processor.ProcessDueBatchAsync(cancellationToken);
            if (count <= 0)
            {
                return new DrainResult(processed, batches, DrainStop.Empty);
            }

            processed += count;
            batches++;
            if (time.GetElapsedTime(started) >= budget)
            {
                return new DrainResult(processed, batches, DrainStop.BudgetExhausted);
            }
        }
    }
}
