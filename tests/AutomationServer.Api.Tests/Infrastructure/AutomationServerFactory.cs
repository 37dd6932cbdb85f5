using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>
/// The real host over its own temporary folder: content root, appsettings.json copy, SQLite database
/// and logs all live there, so tests never share state.
/// </summary>
public sealed class AutomationServerFactory : WebApplicationFactory<Program>
{
    /// <summary>An API key every factory accepts besides the configured ones; see <see cref="CreateAuthorizedClient"/>.</summary>
    public const string TestApiKey = "test-api-key";

    /// <summary>An administrator key every factory accepts; see <see cref="CreateAdminClient"/>.</summary>
    public const string TestAdminApiKey = "test-admin-api-key";

    public string Folder { get; } = Directory.CreateTempSubdirectory("automationserver-test-").FullName;

    public string DatabasePath => Path.Combine(Folder, "scheduler-test.db");

    public string Environment { get; init; } = "Production";

    public Dictionary<string, string?> Settings { get; } = [];

    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(Folder, "appsettings.json"), overwrite: true);
        builder.UseEnvironment(Environment);
        builder.UseContentRoot(Folder);
        builder.UseSetting("Persistence:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Security:ApiKeys:1", TestApiKey);
        builder.UseSetting("Security:AdminApiKeys:1", TestAdminApiKey);
        // The shipped journeys and templates would only be noise in tests that count what they made; StarterContentTests turns it on.
        builder.UseSetting("Content:InstallStarterContent", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestEndpointsStartupFilter>();
            TestServices?.Invoke(services);
        });
    }

    /// <summary>A client that sends <see cref="TestApiKey"/>.</summary>
    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        // Bulk requests (a 10,000-row import) outlast HttpClient's 100 s default on a machine busy with parallel test runs.
        client.Timeout = TimeSpan.FromMinutes(5);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestApiKey);
        return client;
    }

    /// <summary>A client that sends <see cref="TestAdminApiKey"/>.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestAdminApiKey);
        return client;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection is left to the OS's temp cleanup.
        }
    }
}
