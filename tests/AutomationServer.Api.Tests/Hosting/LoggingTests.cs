using AutomationServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Api.Tests.Hosting;

public sealed class LoggingTests : IAsyncLifetime
{
    private readonly AutomationServerFactory _factory = new() { Settings = { ["Serilog:MinimumLevel:Default"] = "Information" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Scope_properties_and_requests_reach_the_rolling_file_under_the_content_root()
    {
        using var client = _factory.CreateClient();
        await client.GetAsync("/test/get-only");
        var logger = _factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Engine");
        var instanceId = Guid.NewGuid().ToString("N");
        using (logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId, ["DefinitionId"] = "cart-recovery" }))
        {
            logger.LogWarning("Resumed a bookmark");
        }

        string text = "";
        await Eventually.TrueAsync(() =>
        {
            text = ReadLogs();
            return text.Contains(instanceId, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the scoped event is in the log file");

        var line = text.Split('\n').Single(entry => entry.Contains(instanceId, StringComparison.Ordinal));
        Assert.Contains("Resumed a bookmark", line);
        Assert.Contains($"\"InstanceId\":\"{instanceId}\"", line);
        Assert.Contains("\"DefinitionId\":\"cart-recovery\"", line);
        Assert.Contains("HTTP GET /test/get-only responded 200", text);
    }

    private string ReadLogs()
    {
        var folder = Path.Combine(_factory.Folder, "logs");
        if (!Directory.Exists(folder))
        {
            return "";
        }

        return string.Concat(Directory.GetFiles(folder, "automationserver-*.log").Select(path =>
        {
            // The sink keeps the file open for writing.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }
}
