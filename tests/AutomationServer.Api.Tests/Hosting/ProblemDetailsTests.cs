using System.Net;
using System.Text;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Hosting;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private readonly AutomationServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/no/such/route");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_405_problem()
    {
        using var client = _factory.CreateClient();

        var response = await client.DeleteAsync("/test/get-only");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Malformed_json_body_is_400_problem_that_says_what_is_wrong()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsync("/test/echo", new StringContent("{\"name\": \"a\", \"count\": \"many\"}", Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        Assert.Equal("$.count", problem.GetProperty("jsonPath").GetString());
    }

    [Fact]
    public async Task Well_formed_body_reaches_the_endpoint()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsync("/test/echo", new StringContent("{\"name\": \"a\", \"count\": 2}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class UnhandledExceptionTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Throwing_endpoint_is_500_problem_without_the_exception_text(string environment)
    {
        await using var factory = new AutomationServerFactory { Environment = environment };
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/test/throw");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain("at ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
