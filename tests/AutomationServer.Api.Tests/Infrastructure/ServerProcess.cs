using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>
/// The built server run as a separate OS process on a loopback port, so a test can kill it with
/// SIGKILL at any moment and start it again on the same database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "process-test-key";
    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _process;

    public ServerProcess(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        _dataDirectory = dataDirectory;
        _settings = settings ?? new Dictionary<string, string>();
        Port = CountingHttpServer.FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public static string HostAssembly => Path.Combine(Repository.Root, "src", "AutomationServer.Host", "bin", Repository.Configuration, "net10.0", "AutomationServer.dll");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Persistence__Provider"] = "Sqlite";
        // The shipped journeys and templates would only be noise in tests that count what they made.
        start.Environment["Content__InstallStarterContent"] = "false";
        start.Environment["Persistence__ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "automation.db")}";
        start.Environment["Security__AdminApiKeys__0"] = ApiKey;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__WriteTo__File__Args__path"] = Path.Combine(_dataDirectory, "logs", "automationserver-.log");
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous: parallel test projects on two cores can slow a start that takes two seconds on its own.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The server did not become ready within 180 seconds.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly like a power cut for the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as systemd (and the Windows service manager, by its own signal) stops the service; returns the exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false })
        {
            throw new InvalidOperationException("The server is not running.");
        }

        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, string? json = null)
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
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> PostEventsAsync(IEnumerable<object> events) =>
        SendJsonAsync(HttpMethod.Post, "/api/events/batch", JsonSerializer.Serialize(events));

    public async Task<string> InstanceStatusAsync(Guid id) =>
        (await SendJsonAsync(HttpMethod.Get, $"/api/instances/{id}")).GetProperty("instance").GetProperty("status").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Client.Dispose();
        await Task.CompletedTask;
    }
}
