using AutomationServer.Bench;
using AutomationServer.Bench.Audience;
using AutomationServer.Bench.Email;

// Engine benchmarks against the Release build of the server. Usage:
//   dotnet run -c Release --project tools/bench/AutomationServer.Bench -- <scenario> [--provider Sqlite|PostgreSql]
//       [--connection "..."] [--count N] [--batch N] [--clients N] [--runs N] [--port N] [--contacts N] [--events N]
// Scenarios: starts, wakeups, memory, coldstart; on PostgreSQL audience-seed (--contacts, --events), then
// segment-compute, segment-incremental (--count events) and event-ingest (--count events a run); email-pipeline
// (--count messages, default 10,000; --pool the server's SMTP pool, default 4; --sessions smtp-source's, default 4; --trace true). tools/bench/run.sh runs them all as recorded in docs/benchmarks.md.
var options = BenchOptions.Parse(args);
if (!File.Exists(options.ServerAssembly))
{
    Console.Error.WriteLine($"Server not built: {options.ServerAssembly}. Run: dotnet build -c Release src/AutomationServer.Host");
    return 2;
}

Console.WriteLine($"scenario {options.Scenario}, provider {options.Provider}, count {options.Count}, batch {options.BatchSize}, clients {options.Clients}, runs {options.Runs}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
switch (options.Scenario)
{
    case "starts":
        await Scenarios.StartsAsync(options);
        break;
    case "wakeups":
        await Scenarios.WakeupsAsync(options);
        break;
    case "memory":
        await Scenarios.MemoryAsync(options);
        break;
    case "coldstart":
        await Scenarios.ColdStartAsync(options);
        break;
    case "audience-seed":
        await AudienceScenarios.SeedAsync(options);
        break;
    case "segment-compute":
        await AudienceScenarios.SegmentComputeAsync(options);
        break;
    case "segment-incremental":
        await AudienceScenarios.SegmentIncrementalAsync(options);
        break;
    case "event-ingest":
        await AudienceScenarios.EventIngestAsync(options);
        break;
    case "email-pipeline":
        await EmailPipelineScenario.RunAsync(options);
        break;
    default:
        Console.Error.WriteLine("Scenarios: starts | wakeups | memory | coldstart | audience-seed | segment-compute | segment-incremental | event-ingest | email-pipeline");
        return 2;
}

return 0;
