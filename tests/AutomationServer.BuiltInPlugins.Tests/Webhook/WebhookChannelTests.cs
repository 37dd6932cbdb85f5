using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AutomationPlugins.Webhook;
using AutomationServer.BuiltInPlugins.Tests.Support;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.BuiltInPlugins.Tests.Webhook;

public sealed class WebhookChannelTests : IAsyncLifetime
{
    private const string SigningKey = "s3cret-signing-key";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static WebhookChannel CreateChannel(string? signingKey = SigningKey, string timeout = "00:00:30")
    {
        var plugin = new TestPluginBuilder("webhook", new Dictionary<string, string?> { ["Timeout"] = timeout });
        new WebhookPlugin().ConfigureServices(plugin);
        var secrets = signingKey is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [WebhookChannel.SigningKeySecret] = signingKey };
        plugin.Services.AddSingleton<IPluginSecrets<WebhookPlugin>>(new TestSecrets<WebhookPlugin>(secrets));
        return plugin.Services.BuildServiceProvider().GetRequiredService<WebhookChannel>();
    }

    private static OutgoingMessage Message(string to, string? body = null, Dictionary<string, string>? headers = null) => new()
    {
        MessageId = Guid.Parse("0b9f3c1e-5a2d-4c6e-8f10-2b3c4d5e6f70"),
        Channel = WebhookChannel.Name,
        To = to,
        Subject = "Order shipped",
        Body = body,
        Headers = headers ?? [],
    };

    [Fact]
    public async Task A_2xx_answer_is_sent_with_the_message_id_as_idempotency_key_and_a_verifiable_signature()
    {
        var result = await CreateChannel().SendAsync(Message(_receiver.Url("/hooks/orders"), "{\"orderId\":17}"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("provider-42", result.ProviderMessageId);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("0b9f3c1e-5a2d-4c6e-8f10-2b3c4d5e6f70", request.Headers["Idempotency-Key"]);
        Assert.Equal("{\"orderId\":17}", Encoding.UTF8.GetString(request.Body));
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.True(WebhookSignature.Verify(SigningKey, request.Body, request.Headers["X-Webhook-Signature"]));
        Assert.False(WebhookSignature.Verify("another key", request.Body, request.Headers["X-Webhook-Signature"]));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_sent_inside_the_message_as_json_without_a_signature_when_no_key_is_set()
    {
        var result = await CreateChannel(signingKey: null).SendAsync(Message(_receiver.Url("/hooks"), "plain words", new() { ["X-Tenant"] = "acme", ["Idempotency-Key"] = "forged" }), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var request = Assert.Single(_receiver.Requests);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("plain words", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("Order shipped", json.RootElement.GetProperty("subject").GetString());
        Assert.Equal("0b9f3c1e-5a2d-4c6e-8f10-2b3c4d5e6f70", json.RootElement.GetProperty("messageId").GetString());
        Assert.Equal("acme", request.Headers["X-Tenant"]);
        Assert.Equal("0b9f3c1e-5a2d-4c6e-8f10-2b3c4d5e6f70", request.Headers["Idempotency-Key"]);
        Assert.False(request.Headers.ContainsKey("X-Webhook-Signature"));
    }

    [Theory]
    [InlineData(201, SendStatus.Sent)]
    [InlineData(204, SendStatus.Sent)]
    [InlineData(408, SendStatus.RetryLater)]
    [InlineData(429, SendStatus.RetryLater)]
    [InlineData(500, SendStatus.RetryLater)]
    [InlineData(503, SendStatus.RetryLater)]
    [InlineData(400, SendStatus.Failed)]
    [InlineData(404, SendStatus.Failed)]
    [InlineData(410, SendStatus.Failed)]
    [InlineData(302, SendStatus.Failed)]
    public async Task Status_codes_map_to_sent_retry_or_failed(int statusCode, SendStatus expected)
    {
        var result = await CreateChannel().SendAsync(Message(_receiver.Url($"/status/{statusCode}"), "{}"), CancellationToken.None);

        Assert.Equal(expected, result.Status);
        if (expected != SendStatus.Sent)
        {
            Assert.Contains($"HTTP {statusCode}", result.Error);
        }
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_retried_later()
    {
        var started = DateTime.UtcNow;
        var result = await CreateChannel(timeout: "00:00:01").SendAsync(Message(_receiver.Url("/slow"), "{}"), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("did not answer within 1 s", result.Error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_later()
    {
        var result = await CreateChannel().SendAsync(Message($"http://127.0.0.1:{UnusedPort()}/hooks", "{}"), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Contains("Could not reach", result.Error);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Only_http_and_https_urls_are_accepted(string to)
    {
        var result = await CreateChannel().SendAsync(Message(to, "{}"), CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("http or https", result.Error);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public void A_timeout_out_of_range_is_refused_at_startup_naming_the_setting()
    {
        var plugin = new TestPluginBuilder("webhook", new Dictionary<string, string?> { ["Timeout"] = "01:00:00" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new WebhookPlugin().ConfigureServices(plugin));

        Assert.Contains("Timeout must be between", error.Message);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
