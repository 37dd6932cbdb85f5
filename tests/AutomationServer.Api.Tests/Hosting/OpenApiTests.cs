using System.Net;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Hosting;

public sealed class OpenApiTests : IAsyncLifetime
{
    private readonly AutomationServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Document_declares_the_api_key_scheme()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Protected_operations_require_the_scheme_and_anonymous_ones_do_not()
    {
        using var client = _factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");

        var protectedOperation = paths.GetProperty("/test/management/whoami").GetProperty("get");
        var requirement = Assert.Single(protectedOperation.GetProperty("security").EnumerateArray());
        Assert.True(requirement.TryGetProperty("ApiKey", out _));
        Assert.True(protectedOperation.GetProperty("responses").TryGetProperty("401", out _));

        var anonymousOperation = paths.GetProperty("/test/get-only").GetProperty("get");
        Assert.False(anonymousOperation.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Reference_page_loads_its_script_from_this_server()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.OrdinalIgnoreCase);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"script {script} is loaded from elsewhere");
            var scriptResponse = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/"), script));
            Assert.Equal(HttpStatusCode.OK, scriptResponse.StatusCode);
        }
    }
}
