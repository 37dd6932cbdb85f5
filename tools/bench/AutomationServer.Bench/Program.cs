using AutomationServer.Bench;

// Engine benchmarks against the Release build of the server. Usage:
//   dotnet run -c Release --project tools/bench/AutomationServer.Bench -- <scenario> [--provider Sqlite|PostgreSql]
//       [--connection "..."] [--count N] [--batch N] [--clients N] [--runs N] [--port N]
// Scenarios: starts, wakeups, memory, coldstart. tools/bench/run.sh runs them all as recorded in docs/benchmarks.md.
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
    default:
        Console.Error.WriteLine("Scenarios: starts | wakeups | memory | coldstart");
        return 2;
}

return 0;
