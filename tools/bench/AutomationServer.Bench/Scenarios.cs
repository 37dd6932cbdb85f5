using System.Diagnostics;

namespace AutomationServer.Bench;

/// <summary>The engine benchmarks of docs/benchmarks.md. Each prints "metric: value unit" lines.</summary>
internal static class Scenarios
{
    /// <summary>Journey starts through the full stack: batched event API → trigger → decision → persisted delay.</summary>
    public static async Task StartsAsync(BenchOptions options)
    {
        var results = new List<double>();
        var bytesPerInstance = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var database = new BenchDatabase(options);
            await database.ResetAsync();
            await using var server = new ServerUnderTest(options);
            await server.StartAsync();
            await server.SendAsync(HttpMethod.Post, "/api/definitions/import?publish=true", Workload.Definition);
            var baseline = await database.SizeBytesAsync();

            var elapsed = await PostEventsAsync(server, options, options.Count);
            var suspended = await server.CountAsync(Workload.DefinitionId, "Suspended");
            if (suspended != options.Count)
            {
                throw new InvalidOperationException($"Expected {options.Count} waiting instances, found {suspended}.");
            }

            var rate = options.Count / elapsed.TotalSeconds;
            var size = (await database.SizeBytesAsync() - baseline) / (double)options.Count;
            results.Add(rate);
            bytesPerInstance.Add(size);
            Console.WriteLine($"run {run}: {rate:F0} starts/s ({options.Count} in {elapsed.TotalSeconds:F2} s), {size:F0} bytes per waiting instance");
        }

        Console.WriteLine($"starts-per-second (median of {options.Runs}): {Median(results):F0}");
        Console.WriteLine($"bytes-per-waiting-instance (median of {options.Runs}): {Median(bytesPerInstance):F0}");
    }

    /// <summary>Timer wake-ups: N instances waiting, all made due while the server is down, resumed after a restart.</summary>
    public static async Task WakeupsAsync(BenchOptions options)
    {
        var results = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var database = new BenchDatabase(options);
            await database.ResetAsync();
            await using (var loader = new ServerUnderTest(options))
            {
                await loader.StartAsync();
                await loader.SendAsync(HttpMethod.Post, "/api/definitions/import?publish=true", Workload.Definition);
                await PostEventsAsync(loader, options, options.Count);
                await loader.StopAsync();
            }

            await database.MakeTimersDueAsync();
            await using var server = new ServerUnderTest(options);
            await server.StartAsync();
            var stopwatch = Stopwatch.StartNew();
            while (await server.CountAsync(Workload.DefinitionId, "Finished") < options.Count)
            {
                if (stopwatch.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException("The due timers were not all resumed within 10 minutes.");
                }

                await Task.Delay(100);
            }

            var rate = options.Count / stopwatch.Elapsed.TotalSeconds;
            results.Add(rate);
            Console.WriteLine($"run {run}: {rate:F0} wake-ups/s ({options.Count} due, all resumed in {stopwatch.Elapsed.TotalSeconds:F2} s)");
        }

        Console.WriteLine($"wakeups-per-second (median of {options.Runs}): {Median(results):F0}");
    }

    /// <summary>Resident memory with N instances waiting: right after loading them, and after a restart.</summary>
    public static async Task MemoryAsync(BenchOptions options)
    {
        var database = new BenchDatabase(options);
        await database.ResetAsync();
        await using (var loader = new ServerUnderTest(options))
        {
            await loader.StartAsync();
            await loader.SendAsync(HttpMethod.Post, "/api/definitions/import?publish=true", Workload.Definition);
            var elapsed = await PostEventsAsync(loader, options, options.Count);
            Console.WriteLine($"loaded {options.Count} waiting instances in {elapsed.TotalSeconds:F1} s ({options.Count / elapsed.TotalSeconds:F0}/s)");
            await Task.Delay(TimeSpan.FromSeconds(10));
            Console.WriteLine($"rss-after-load: {loader.ResidentBytes() / 1048576.0:F0} MB");
            await loader.StopAsync();
        }

        await using var server = new ServerUnderTest(options);
        var ready = await server.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(15));
        var waiting = await server.CountAsync(Workload.DefinitionId, "Suspended");
        Console.WriteLine($"restart-ready: {ready.TotalSeconds:F2} s with {waiting} waiting");
        Console.WriteLine($"rss-with-{waiting}-waiting-after-restart: {server.ResidentBytes() / 1048576.0:F0} MB");
        Console.WriteLine($"database-bytes-per-waiting-instance: {await database.SizeBytesAsync() / (double)Math.Max(1, waiting):F0}");
    }

    /// <summary>Cold start to ready: the first start (creates the database) and then restarts.</summary>
    public static async Task ColdStartAsync(BenchOptions options)
    {
        var database = new BenchDatabase(options);
        await database.ResetAsync();
        var restarts = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            await using var server = new ServerUnderTest(options);
            var ready = await server.StartAsync();
            var activePlugins = await server.CountActivePluginsAsync();
            if (run == 0)
            {
                Console.WriteLine($"first-start-with-migration: {ready.TotalSeconds:F2} s");
            }
            else
            {
                restarts.Add(ready.TotalSeconds);
                Console.WriteLine($"run {run}: ready in {ready.TotalSeconds:F2} s with {activePlugins} active plugins");
            }
        }

        Console.WriteLine($"cold-start-to-ready (median of {options.Runs}): {Median(restarts):F2} s");
    }

    private static async Task<TimeSpan> PostEventsAsync(ServerUnderTest server, BenchOptions options, int count)
    {
        var next = -options.BatchSize;
        var stopwatch = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var first = Interlocked.Add(ref next, options.BatchSize);
                if (first >= count)
                {
                    return;
                }

                await server.SendAsync(HttpMethod.Post, "/api/events/batch", Workload.Batch(first, Math.Min(options.BatchSize, count - first)));
            }
        }));
        await Task.WhenAll(clients);
        return stopwatch.Elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
