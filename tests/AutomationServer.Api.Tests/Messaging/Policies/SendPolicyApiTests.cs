using System.Net;
using System.Text;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Messaging.Policies;

public sealed class SendPolicyApiTests : IDisposable
{
    private readonly AutomationServerFactory _factory = new()
    {
        Settings =
        {
            ["Messaging:Policies:email:FrequencyCaps:0:Max"] = "3",
            ["Messaging:Policies:email:FrequencyCaps:0:Window"] = "1.00:00:00",
            ["Messaging:Policies:email:QuietHours:Start"] = "21:00",
            ["Messaging:Policies:email:QuietHours:End"] = "08:00",
        },
    };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Configured_defaults_are_listed_and_a_saved_policy_replaces_them()
    {
        using var client = _factory.CreateAuthorizedClient();

        var listed = await GetJsonAsync(client, "/api/messaging/policies");
        var email = Assert.Single(listed.EnumerateArray());
        Assert.Equal("Configuration", email.GetProperty("source").GetString());
        Assert.Equal("21:00", email.GetProperty("policy").GetProperty("quietHours").GetProperty("start").GetString());

        var saved = await client.PutAsync("/api/messaging/policies/email", Json("""
            { "frequencyCaps": [ { "max": 2, "window": "P1D" }, { "max": 5, "window": "7.00:00:00" } ],
              "quietHours": { "start": "22:00", "end": "07:30", "days": ["Friday", "Saturday"] }, "ratePerSecond": 20 }
            """));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var read = await GetJsonAsync(client, "/api/messaging/policies/email");
        Assert.Equal("Database", read.GetProperty("source").GetString());
        var policy = read.GetProperty("policy");
        Assert.Equal(["1.00:00:00", "7.00:00:00"], policy.GetProperty("frequencyCaps").EnumerateArray().Select(c => c.GetProperty("window").GetString()));
        Assert.Equal("07:30", policy.GetProperty("quietHours").GetProperty("end").GetString());
        Assert.Equal(20, policy.GetProperty("ratePerSecond").GetDouble());

        var sms = await GetJsonAsync(client, "/api/messaging/policies/sms");
        Assert.Equal("Default", sms.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("""{ "quietHours": { "start": "9pm", "end": "08:00" } }""", "quietHours.start")]
    [InlineData("""{ "frequencyCaps": [ { "max": 3, "window": "0.00:00:00" } ] }""", "frequencyCaps[0].window")]
    [InlineData("""{ "frequencyCaps": [ { "max": 0, "window": "P1D" } ] }""", "frequencyCaps[0].max")]
    [InlineData("""{ "ratePerSecond": "fast" }""", "ratePerSecond")]
    [InlineData("""{ "frequencyCaps": [ """, "body")]
    [InlineData("", "body")]
    public async Task An_invalid_policy_is_refused_with_a_problem_naming_the_field(string body, string field)
    {
        using var client = _factory.CreateAuthorizedClient();

        var response = await client.PutAsync("/api/messaging/policies/email", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("Configuration", (await GetJsonAsync(client, "/api/messaging/policies/email")).GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_invalid_channel_name_is_a_problem_and_the_api_needs_a_key()
    {
        using var client = _factory.CreateAuthorizedClient();
        using var anonymous = _factory.CreateClient();

        var badChannel = await client.PutAsync("/api/messaging/policies/e%20mail", Json("{}"));
        var badGet = await client.GetAsync("/api/messaging/policies/E!");
        var unauthorized = await anonymous.GetAsync("/api/messaging/policies");

        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.Contains("\"channel\"", await badChannel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
