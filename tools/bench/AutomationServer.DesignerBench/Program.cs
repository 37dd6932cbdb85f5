using System.Globalization;
using AutomationServer.DesignerBench;

// Designer benchmark: how long a large journey takes to open and become interactive in headless
// chromium, against the Release build of the server. Usage:
//   dotnet run -c Release --project tools/bench/AutomationServer.DesignerBench -- [--nodes 200] [--runs 5]
// tools/bench/designer.sh builds the server and runs it as recorded in docs/benchmarks.md.
var nodes = Option(args, "--nodes", 200);
var runs = Option(args, "--runs", 5);
var root = RepositoryRoot();
var serverAssembly = Path.Combine(root, "src", "AutomationServer.Host", "bin", "Release", "net10.0", "AutomationServer.dll");
if (!File.Exists(Path.Combine(Path.GetDirectoryName(serverAssembly)!, "wwwroot", "index.html")))
{
    Console.Error.WriteLine($"Server not built with its designer: {serverAssembly}. Run: dotnet build -c Release src/AutomationServer.Host");
    return 2;
}

Console.WriteLine($"scenario designer-open, nodes {nodes}, runs {runs}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

await using var server = new DesignerServer(serverAssembly);
await server.StartAsync();
var definitionId = await server.ImportAsync(LargeJourney.Create(nodes));
await using var browser = await DesignerBrowser.LaunchAsync(server.BaseAddress, DesignerServer.ApiKey);
Console.WriteLine($"chromium {browser.Version}");

// One unmeasured run warms the server's caches and the JIT, as a user's second visit would find them.
await browser.OpenAsync(definitionId, nodes);
var results = new List<OpenTiming>();
for (var run = 1; run <= runs; run++)
{
    var timing = await browser.OpenAsync(definitionId, nodes);
    results.Add(timing);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {nodes} nodes drawn at {timing.RenderedMs:F0} ms, a clicked node selected at {timing.InteractiveMs:F0} ms after navigation start"));
}

var median = results.OrderBy(r => r.InteractiveMs).ElementAt(results.Count / 2);
var medianRendered = results.Select(r => r.RenderedMs).Order().ElementAt(results.Count / 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {runs}: drawn {medianRendered:F0} ms, interactive {median.InteractiveMs:F0} ms (target < 1000 ms)"));
return median.InteractiveMs < 1000 ? 0 : 1;

static int Option(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AutomationServer.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
}
