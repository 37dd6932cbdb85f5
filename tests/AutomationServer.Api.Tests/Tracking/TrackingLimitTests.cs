using System.Net;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Tracking.TrackingHost;

namespace AutomationServer.Api.Tests.Tracking;

public sealed class TrackingLimitTests
{
    private static object Body(string visitor, string messageId) =>
        new { writeKey = ShopKey, anonymousId = visitor, batch = new[] { new { type = "page", messageId } } };

    [Fact]
    public async Task Requests_beyond_the_limit_per_write_key_and_address_are_429_with_retry_after()
    {
        await using var host = TrackingHost.With(new() { ["Tracking:RequestsPerMinute"] = "2" });
        var visitor = NewVisitor();

        var first = await host.SendAsync(Body(visitor, "m1"));
        var second = await host.SendAsync(Body(visitor, "m2"));
        var third = await host.SendAsync(Body(visitor, "m3"));
        var otherSource = await host.SendAsync(new { writeKey = BlogKey, anonymousId = visitor, batch = new[] { new { type = "page", messageId = "b1" } } }, origin: BlogOrigin);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await ProblemAssert.IsProblemAsync(third, HttpStatusCode.TooManyRequests);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, otherSource.StatusCode);
    }

    [Fact]
    public async Task A_body_larger_than_the_cap_is_413()
    {
        await using var host = TrackingHost.With(new() { ["Tracking:MaxPayloadBytes"] = "1024" });

        var response = await host.SendAsync(new
        {
            writeKey = ShopKey,
            anonymousId = NewVisitor(),
            batch = new[] { new { type = "track", messageId = "m1", @event = "big", properties = new { text = new string('x', 2000) } } },
        });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public void A_source_without_allowed_origins_stops_the_host_from_starting()
    {
        // The host starts in the constructor, when it creates its client.
        var failure = Assert.ThrowsAny<Exception>(() => TrackingHost.With(new() { ["Tracking:Sources:broken:WriteKey"] = "broken-key-0123456789" }));

        Assert.Contains("Tracking:Sources:broken:AllowedOrigins", failure.ToString(), StringComparison.Ordinal);
    }
}
