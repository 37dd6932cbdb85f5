using System.Net;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Hosting;

public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly AutomationServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Live_answers_200_with_a_json_status()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_answers_200_once_the_scheduler_has_started_and_reports_the_scheduler_check()
    {
        using var client = _factory.CreateClient();

        HttpResponseMessage? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await client.GetAsync("/health/ready");
            return last.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15), "/health/ready answers 200");

        var body = JsonDocument.Parse(await last!.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_endpoints_need_no_api_key()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
    }
}
