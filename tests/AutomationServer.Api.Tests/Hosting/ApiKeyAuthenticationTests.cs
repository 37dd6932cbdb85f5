using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Host.Security;

namespace AutomationServer.Api.Tests.Hosting;

public sealed class ApiKeyAuthenticationTests : IAsyncLifetime
{
    private const string Path = "/test/management/whoami";
    private readonly AutomationServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Missing_key_is_401_with_challenge_and_problem_details()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(Path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Administration_needs_an_administrator_key_a_management_key_is_403()
    {
        const string AdministrationPath = "/test/administration/whoami";
        using var management = _factory.CreateAuthorizedClient();
        using var administrator = _factory.CreateAdminClient();

        await ProblemAssert.IsProblemAsync(await management.GetAsync(AdministrationPath), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync(AdministrationPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Wrong_key_is_401_and_says_the_key_is_not_valid()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        var response = await client.GetAsync(Path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("The API key is not valid.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Configured_key_in_header_is_accepted_and_named_without_revealing_it()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKeyOptions.DevelopmentKey);

        var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString();
        Assert.StartsWith("key-", name);
        Assert.DoesNotContain(ApiKeyOptions.DevelopmentKey, name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_key_in_authorization_header_is_accepted()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKeyOptions.DevelopmentKey);

        var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_prefix_or_extension_is_refused()
    {
        using var client = _factory.CreateClient();

        foreach (var key in new[] { ApiKeyOptions.DevelopmentKey[..^1], ApiKeyOptions.DevelopmentKey + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Add("X-Api-Key", key);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }
}

public sealed class ApiKeyConfigurationOverrideTests : IAsyncLifetime
{
    private const string ReplacementKey = "replacement-key-0123456789abcdef";

    // Security:AdminApiKeys:0 is what the environment variable Security__AdminApiKeys__0 sets.
    private readonly AutomationServerFactory _factory = new() { Settings = { ["Security:AdminApiKeys:0"] = ReplacementKey } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Overriding_the_first_key_replaces_the_development_key()
    {
        using var client = _factory.CreateClient();

        using var withDevelopmentKey = new HttpRequestMessage(HttpMethod.Get, "/test/management/whoami");
        withDevelopmentKey.Headers.Add("X-Api-Key", ApiKeyOptions.DevelopmentKey);
        using var withReplacement = new HttpRequestMessage(HttpMethod.Get, "/test/management/whoami");
        withReplacement.Headers.Add("X-Api-Key", ReplacementKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(withDevelopmentKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withReplacement)).StatusCode);
    }
}
