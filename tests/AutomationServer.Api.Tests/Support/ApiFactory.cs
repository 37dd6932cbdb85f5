using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AutomationServer.Api.Tests.Support;

/// <summary>The real host in memory, on its own SQLite file, with a known API key.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "api-test-key";
    private readonly string _directory = Directory.CreateTempSubdirectory("as-api-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Persistence:Provider", "Sqlite");
        builder.UseSetting("Persistence:ConnectionString", $"Data Source={Path.Combine(_directory, "api.db")}");
        builder.UseSetting("Security:ApiKeys:0", ApiKey);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
