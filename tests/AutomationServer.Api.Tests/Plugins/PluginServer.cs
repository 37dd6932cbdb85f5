using System.IO.Compression;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Plugins.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Plugins;

/// <summary>
/// A server whose plugins folder and database outlive its restarts: each <see cref="StartAsync"/> runs
/// a fresh host over the same folder and database, as an operator's restart would.
/// </summary>
public sealed class PluginServer : IAsyncDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"automation-plugin-server-{Guid.NewGuid():N}.db");
    private AutomationServerFactory? _current;

    public TempPluginsDirectory Plugins { get; } = new();

    /// <summary>Extra configuration for the next <see cref="StartAsync"/> (e.g. a plugin's <c>Plugins:&lt;id&gt;</c> options).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Management { get; private set; } = null!;

    public AutomationServerFactory Factory => _current ?? throw new InvalidOperationException("Start the server first.");

    public async Task StartAsync()
    {
        await StopAsync();
        _current = new AutomationServerFactory
        {
            Settings =
            {
                ["PluginHost:Directory"] = Plugins.Path,
                ["Persistence:ConnectionString"] = $"Data Source={_databasePath}",
            },
        };
        foreach (var (key, value) in Settings)
        {
            _current.Settings[key] = value;
        }

        Admin = _current.CreateAdminClient();
        Management = _current.CreateAuthorizedClient();
        (await Admin.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>Zips a built fixture the way <c>automation plugin pack</c> does: plugin.json at the root.</summary>
    public static byte[] Package(string fixtureName)
    {
        using var buffer = new MemoryStream();
        ZipFile.CreateFromDirectory(PluginFixtures.PathOf(fixtureName), buffer, CompressionLevel.Fastest, includeBaseDirectory: false);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Plugins.Dispose();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    private async Task StopAsync()
    {
        if (_current is not null)
        {
            Admin.Dispose();
            Management.Dispose();
            await _current.DisposeAsync();
            _current = null;
        }
    }
}
