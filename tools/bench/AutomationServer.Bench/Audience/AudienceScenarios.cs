using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace AutomationServer.Bench.Audience;

/// <summary>The audience benchmarks of docs/benchmarks.md, on the database <see cref="AudienceSeed"/> loads (PostgreSQL).</summary>
internal static partial class AudienceScenarios
{
    // The full reconciliation would recompute every segment in the middle of a measurement; the scenarios trigger
    // what they measure themselves.
    private static readonly Dictionary<string, string> Quiet = new() { ["Audience__SegmentReconcileInterval"] = "00:00:00" };

    /// <summary>Loads the contacts and events unless the database holds this very seed already.</summary>
    public static async Task SeedAsync(BenchOptions options)
    {
        await using var database = DataSource(options);
        if (await AudienceSeed.SeededAsync(database) == AudienceSeed.Describe(options.Contacts, options.Events))
        {
            Console.WriteLine($"seed: the database holds {options.Contacts:N0} contacts and {options.Events:N0} events already; nothing to do");
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        await new BenchDatabase(options).ResetAsync();
        await using (var server = new ServerUnderTest(options, Quiet))
        {
            // The server's own migrations make the schema the seed fills.
            await server.StartAsync();
            await server.StopAsync();
        }

        await AudienceSeed.RunAsync(database, options.Contacts, options.Events);
        Console.WriteLine($"seed-total: {stopwatch.Elapsed.TotalSeconds:F0} s for {options.Contacts:N0} contacts and {options.Events:N0} events");
        Console.WriteLine($"database-size: {await new BenchDatabase(options).SizeBytesAsync() / 1048576.0:F0} MB");
    }

    /// <summary>The three-condition segment: preview count, creation (a full computation from no members) and recompute.</summary>
    public static async Task SegmentComputeAsync(BenchOptions options)
    {
        await using var database = await RequireSeedAsync(options);
        await using var server = new ServerUnderTest(options, Quiet);
        await server.StartAsync();

        var byHand = Convert.ToInt64(await ScalarAsync(database, AudienceWorkload.ThreeConditionsByHand), CultureInfo.InvariantCulture);
        Console.WriteLine($"hand-written SQL count: {byHand}");

        var previews = new List<double>();
        var preview = $$"""{"definition": {{AudienceWorkload.ThreeConditions}}}""";
        for (var run = 1; run <= options.Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var count = (await server.SendAsync(HttpMethod.Post, "/api/segments/preview", preview)).GetProperty("count").GetInt64();
            previews.Add(stopwatch.Elapsed.TotalSeconds);
            Console.WriteLine($"preview run {run}: {count} contacts in {stopwatch.Elapsed.TotalSeconds:F3} s");
            Check(count, byHand, "preview");
        }

        var creates = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            await DeleteSegmentAsync(server, AudienceWorkload.ComputeSegmentId);
            var stopwatch = Stopwatch.StartNew();
            var created = await server.SendAsync(HttpMethod.Post, "/api/segments", AudienceWorkload.Segment(AudienceWorkload.ComputeSegmentId, AudienceWorkload.ThreeConditions));
            creates.Add(stopwatch.Elapsed.TotalSeconds);
            var members = created.GetProperty("memberCount").GetInt64();
            Console.WriteLine($"create run {run}: {members} members computed in {stopwatch.Elapsed.TotalSeconds:F3} s (POST /api/segments)");
            Check(members, byHand, "create");
        }

        var recomputes = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var result = await server.SendAsync(HttpMethod.Post, $"/api/segments/{AudienceWorkload.ComputeSegmentId}/recompute");
            recomputes.Add(stopwatch.Elapsed.TotalSeconds);
            Console.WriteLine($"recompute run {run}: {result.GetProperty("memberCount").GetInt64()} members, {result.GetProperty("entered").GetInt32()} entered, " +
                $"{result.GetProperty("left").GetInt32()} left in {stopwatch.Elapsed.TotalSeconds:F3} s");
        }

        Console.WriteLine($"segment-preview-seconds (median of {options.Runs}): {Median(previews):F3}");
        Console.WriteLine($"segment-create-seconds (median of {options.Runs}): {Median(creates):F3}");
        Console.WriteLine($"segment-recompute-seconds (median of {options.Runs}): {Median(recomputes):F3}");
    }

    /// <summary>
    /// One event at a time through the track API; the server's worker reports how long each
    /// SegmentMembershipUpdater.UpdateContactAsync took (a Debug line this benchmark reads from its output).
    /// </summary>
    public static async Task SegmentIncrementalAsync(BenchOptions options)
    {
        await using var database = await RequireSeedAsync(options);
        var waiting = new ConcurrentDictionary<Guid, TaskCompletionSource<(long Microseconds, int Changes)>>();
        var environment = new Dictionary<string, string>(Quiet)
        {
            ["Serilog__MinimumLevel__Override__AutomationServer.Audience.Segments.Membership.SegmentUpdateWorker"] = "Debug",
        };
        await using var server = new ServerUnderTest(options, environment, line =>
        {
            if (UpdateLine().Match(line) is { Success: true } match && waiting.TryRemove(Guid.Parse(match.Groups[1].Value), out var done))
            {
                done.TrySetResult((long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)));
            }
        });
        await server.StartAsync();
        await EnsureSegmentsAsync(server);

        var random = new Random(42);
        var latencies = new List<double>();
        var changes = 0;
        const int warmUp = 50;
        for (var i = 0; i < options.Count + warmUp; i++)
        {
            var json = JsonSerializer.Serialize(AudienceWorkload.Event(random, options.Contacts));
            var contactId = JsonDocument.Parse(json).RootElement.GetProperty("contactId").GetGuid();
            var done = new TaskCompletionSource<(long, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[contactId] = done;
            await server.SendAsync(HttpMethod.Post, "/api/audience/events", json);
            var (microseconds, changed) = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= warmUp)
            {
                latencies.Add(microseconds / 1000.0);
                changes += changed;
            }
        }

        latencies.Sort();
        Console.WriteLine($"incremental updates: {latencies.Count} events, each re-evaluating {AudienceWorkload.Segments.Length} segments; {changes} membership changes");
        Console.WriteLine($"update-ms p50: {Percentile(latencies, 50):F2}  p95: {Percentile(latencies, 95):F2}  p99: {Percentile(latencies, 99):F2}  max: {latencies[^1]:F2}");
    }

    /// <summary>Batches of events through the track API by several clients, each run on a freshly started server.</summary>
    public static async Task EventIngestAsync(BenchOptions options)
    {
        await using var database = await RequireSeedAsync(options);
        var rates = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            await using var server = new ServerUnderTest(options, Quiet);
            await server.StartAsync();
            var segments = (await server.SendAsync(HttpMethod.Get, "/api/segments?take=100")).GetProperty("total").GetInt32();

            // Bodies are made before the clock starts: the benchmark measures the server, not the serializer.
            var random = new Random(run);
            var batches = new ConcurrentQueue<string>(Enumerable.Range(0, options.Count / options.BatchSize)
                .Select(_ => AudienceWorkload.Batch(random, options.Contacts, options.BatchSize)));
            var total = batches.Count * options.BatchSize;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
            {
                while (batches.TryDequeue(out var batch))
                {
                    var stored = (await server.SendAsync(HttpMethod.Post, "/api/audience/events/batch", batch)).GetProperty("stored").GetInt32();
                    if (stored != options.BatchSize)
                    {
                        throw new InvalidOperationException($"Stored {stored} of {options.BatchSize} events.");
                    }
                }
            })));
            var rate = total / stopwatch.Elapsed.TotalSeconds;
            rates.Add(rate);
            Console.WriteLine($"run {run}: {rate:F0} events/s ({total} in {stopwatch.Elapsed.TotalSeconds:F2} s, batches of {options.BatchSize}, {options.Clients} clients, {segments} segments defined)");
            await server.StopAsync();
        }

        Console.WriteLine($"events-per-second (median of {options.Runs}): {Median(rates):F0}");
    }

    private static async Task EnsureSegmentsAsync(ServerUnderTest server)
    {
        var existing = (await server.SendAsync(HttpMethod.Get, "/api/segments?take=100")).GetProperty("items").EnumerateArray()
            .Select(s => s.GetProperty("id").GetString()).ToHashSet();
        foreach (var (id, definition) in AudienceWorkload.Segments.Where(s => !existing.Contains(s.Id)))
        {
            var stopwatch = Stopwatch.StartNew();
            var created = await server.SendAsync(HttpMethod.Post, "/api/segments", AudienceWorkload.Segment(id, definition));
            Console.WriteLine($"created segment {id}: {created.GetProperty("memberCount").GetInt32()} members in {stopwatch.Elapsed.TotalSeconds:F2} s");
        }
    }

    private static async Task DeleteSegmentAsync(ServerUnderTest server, string id)
    {
        using var response = await server.Client.DeleteAsync($"/api/segments/{id}");
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            throw new HttpRequestException($"DELETE /api/segments/{id}: {(int)response.StatusCode}");
        }
    }

    private static async Task<NpgsqlDataSource> RequireSeedAsync(BenchOptions options)
    {
        if (!options.IsPostgres)
        {
            throw new InvalidOperationException("The audience benchmarks run on PostgreSQL: --provider PostgreSql --connection \"...\".");
        }

        var database = DataSource(options);
        var seeded = await AudienceSeed.SeededAsync(database);
        if (seeded is null)
        {
            throw new InvalidOperationException("The database is not seeded: run the audience-seed scenario first.");
        }

        Console.WriteLine($"database: {seeded}");
        return database;
    }

    private static NpgsqlDataSource DataSource(BenchOptions options) =>
        options.IsPostgres ? NpgsqlDataSource.Create(options.ConnectionString) : throw new InvalidOperationException("The audience benchmarks run on PostgreSQL.");

    private static async Task<object?> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 600;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// The 30-day window slides while the benchmark runs (seeded events are under a second apart), so a few contacts
    /// may cross its edge between the hand-written count and the server's; more than 0.1 % apart is a wrong answer.
    /// </summary>
    private static void Check(long actual, long expected, string what)
    {
        if (Math.Abs(actual - expected) > Math.Max(5, expected / 1000))
        {
            throw new InvalidOperationException($"The {what} found {actual} contacts; the hand-written SQL finds {expected}.");
        }
    }

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * percent / 100.0) - 1, 0, sorted.Count - 1)];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex(@"Segment memberships of contact ([0-9a-f-]{36}) updated in (\d+) us with (\d+) changes")]
    private static partial Regex UpdateLine();
}
