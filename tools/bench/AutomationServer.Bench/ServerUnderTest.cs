using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AutomationServer.Bench;

/// <summary>The Release build of the server, run as its own process the way IT runs it.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    public const string ApiKey = "bench-key";
    private readonly BenchOptions _options;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Action<string>? _output;
    private Process? _process;

    /// <param name="environment">Extra settings for the server (e.g. log levels), as environment variables.</param>
    /// <param name="output">Receives each line the server writes to standard output.</param>
    public ServerUnderTest(BenchOptions options, IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        _options = options;
        _environment = environment ?? new Dictionary<string, string>();
        _output = output;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.Port}"), Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public HttpClient Client { get; }

    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Starts the server and returns the time from process start to the first ready answer.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _options.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_options.ServerAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{_options.Port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Persistence__Provider"] = _options.Provider;
        start.Environment["Persistence__ConnectionString"] = _options.ConnectionString;
        start.Environment["Security__AdminApiKeys__0"] = ApiKey;
        if (_options.PluginsDirectory is not null)
        {
            start.Environment["PluginHost__Directory"] = _options.PluginsDirectory;
        }

        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__WriteTo__File__Args__path"] = Path.Combine(_options.DataDirectory, "logs", "automationserver-.log");
        start.Environment["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning";
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output?.Invoke(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (stopwatch.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The server did not become ready.");
    }

    /// <summary>Stops the server the way a service manager does (SIGTERM), waiting for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false })
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Resident memory of the server process, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<int> CountAsync(string definitionId, string status) =>
        (await SendAsync(HttpMethod.Get, $"/api/instances?definitionId={definitionId}&status={status}&take=1")).GetProperty("total").GetInt32();

    /// <summary>How many plugins the server loaded, so a plugin benchmark cannot quietly measure none.</summary>
    public async Task<int> CountActivePluginsAsync() =>
        (await SendAsync(HttpMethod.Get, "/api/plugins")).GetProperty("plugins").EnumerateArray()
            .Count(plugin => plugin.GetProperty("status").GetString() == "Active");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Client.Dispose();
    }
}
