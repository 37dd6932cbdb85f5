using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AutomationServer.Designer.Tests.Infrastructure;

/// <summary>
/// The built server (with the designer bundle in its wwwroot/) run as a separate process on a loopback
/// port: the browser gets exactly what a user gets.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "designer-test-key";
    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _process;

    /// <param name="settings">Extra configuration as environment variables (<c>Tracking__Sources__site__WriteKey</c>).</param>
    public ServerProcess(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        _dataDirectory = dataDirectory;
        _settings = settings ?? new Dictionary<string, string>();
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static string HostDirectory => Path.Combine(Repository.Root, "src", "AutomationServer.Host", "bin", Repository.Configuration, "net10.0");

    public async Task StartAsync()
    {
        var assembly = Path.Combine(HostDirectory, "AutomationServer.dll");
        if (!File.Exists(Path.Combine(HostDirectory, "wwwroot", "index.html")))
        {
            throw new InvalidOperationException($"The designer bundle is missing from {HostDirectory}/wwwroot: build the host (it runs the npm build).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Persistence__Provider"] = "Sqlite";
        // The shipped journeys and templates would only be noise in tests that count what they made.
        start.Environment["Content__InstallStarterContent"] = "false";
        start.Environment["Persistence__ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "automation.db")}";
        start.Environment["Security__AdminApiKeys__0"] = ApiKey;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__WriteTo__File__Args__path"] = Path.Combine(_dataDirectory, "logs", "automationserver-.log");
        foreach (var (name, value) in _settings)
        {
            start.Environment[name] = value;
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

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Client.Dispose();
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
