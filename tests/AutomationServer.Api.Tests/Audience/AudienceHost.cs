using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Audience;

/// <summary>The real host (audience included), phone numbers defaulting to Germany.</summary>
public sealed class AudienceHost : IAsyncDisposable
{
    public AudienceHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A host with extra settings (e.g. a short confirmation lifetime); not a fixture constructor.</summary>
    public static AudienceHost With(Dictionary<string, string?> settings) => new(settings);

    private AudienceHost(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Audience:DefaultPhoneRegion", "DE");
        Factory = new AutomationServerFactory();
        foreach (var (key, value) in settings)
        {
            Factory.Settings[key] = value;
        }

        Client = Factory.CreateAuthorizedClient();
    }

    public AutomationServerFactory Factory { get; }

    public HttpClient Client { get; }

    public async Task<JsonElement> PostOkAsync(string url, object body)
    {
        var response = await Client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string url) => JsonDocument.Parse(await Client.GetStringAsync(url)).RootElement.Clone();

    public async Task DefineAttributeAsync(string name, string type)
    {
        var response = await Client.PostAsJsonAsync("/api/audience/attributes", new { name, type });
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    public async Task<Guid> CreateContactAsync(object contact) => (await PostOkAsync("/api/audience/contacts", contact)).GetProperty("id").GetGuid();

    public static string UniqueEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
