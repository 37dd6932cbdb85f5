using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AutomationServer.DesignerBench;

/// <summary>The Release server on SQLite in a throwaway directory, on a free loopback port.</summary>
internal sealed class DesignerServer(string assembly) : IAsyncDisposable
{
    public const string ApiKey = "designer-bench-key";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("designer-bench-").FullName;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(1) };
    private Process? _process;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{FreePort()}");

    public async Task StartAsync()
    {
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
        start.Environment["Persistence__ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "automation.db")}";
        start.Environment["Security__AdminApiKeys__0"] = ApiKey;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__WriteTo__File__Args__path"] = Path.Combine(_dataDirectory, "logs", "automationserver-.log");
        _process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client.BaseAddress = BaseAddress;
        _client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await _client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The server did not become ready within a minute.");
    }

    /// <summary>Imports Elsa JSON the way a user's file upload does; returns the definition id.</summary>
    public async Task<string> ImportAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync("/api/definitions/import", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Import answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("definitionId").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _client.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
