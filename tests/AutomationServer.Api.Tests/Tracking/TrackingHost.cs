using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutomationServer.Api.Tests.Audience;

namespace AutomationServer.Api.Tests.Tracking;

/// <summary>The real host with two tracking sources: "shop" (https://shop.example.com) and "blog" (https://blog.example.com).</summary>
public sealed class TrackingHost : IAsyncDisposable
{
    public const string ShopKey = "shop-write-key-0123456789";
    public const string ShopOrigin = "https://shop.example.com";
    public const string BlogKey = "blog-write-key-0123456789";
    public const string BlogOrigin = "https://blog.example.com";
    public const string EventsPath = "/api/tracking/v1/events";

    public TrackingHost()
        : this([])
    {
    }

    private TrackingHost(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Tracking:Sources:shop:WriteKey", ShopKey);
        settings.TryAdd("Tracking:Sources:shop:AllowedOrigins:0", ShopOrigin);
        settings.TryAdd("Tracking:Sources:blog:WriteKey", BlogKey);
        settings.TryAdd("Tracking:Sources:blog:AllowedOrigins:0", BlogOrigin);
        Audience = AudienceHost.With(settings);
    }

    /// <summary>A host with extra settings (a low rate limit, a small payload cap); not a fixture constructor.</summary>
    public static TrackingHost With(Dictionary<string, string?> settings) => new(settings);

    public AudienceHost Audience { get; }

    public static string NewVisitor() => "v-" + Guid.NewGuid().ToString("N");

    /// <summary>Posts as a browser would: text/plain JSON, an Origin header, no API key.</summary>
    public async Task<HttpResponseMessage> SendAsync(object body, string? origin = ShopOrigin, string? writeKeyHeader = null) =>
        await SendRawAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), origin, writeKeyHeader);

    public async Task<HttpResponseMessage> SendRawAsync(string json, string? origin = ShopOrigin, string? writeKeyHeader = null)
    {
        using var client = Audience.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (writeKeyHeader is not null)
        {
            request.Headers.Add("X-Write-Key", writeKeyHeader);
        }

        return await client.SendAsync(request);
    }

    public async Task<JsonElement> SendOkAsync(object body)
    {
        var response = await SendAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The contact holding the identity, or null.</summary>
    public async Task<Guid?> FindContactAsync(string kind, string value)
    {
        var found = await Audience.GetJsonAsync($"/api/audience/contacts?identityKind={Uri.EscapeDataString(kind)}&identityValue={Uri.EscapeDataString(value)}");
        var items = found.GetProperty("items");
        return items.GetArrayLength() == 0 ? null : items[0].GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> TimelineAsync(Guid contactId) => await Audience.GetJsonAsync($"/api/audience/contacts/{contactId}/events");

    public async Task<JsonElement> ContactAsync(Guid contactId) => await Audience.GetJsonAsync($"/api/audience/contacts/{contactId}");

    public ValueTask DisposeAsync() => Audience.DisposeAsync();
}
