using System.Text.Json;
using AutomationPlugins.Webhook;
using AutomationServer.BuiltInPlugins.Tests.Support;
using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.BuiltInPlugins.Tests.Webhook;

public sealed class SendWebhookTests
{
    private sealed class RecordingSender(SendResult answer) : IMessageSender
    {
        public List<OutgoingMessage> Sent { get; } = [];

        public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return ValueTask.FromResult(answer);
        }
    }

    private static (TestActivityContext Context, RecordingSender Sender) Context(SendResult answer)
    {
        var sender = new RecordingSender(answer);
        return (new TestActivityContext(new ServiceCollection().AddSingleton<IMessageSender>(sender).BuildServiceProvider()), sender);
    }

    private static SendWebhook Activity(string? url, object? payload = null, Dictionary<string, object?>? headers = null, string? key = null) => new()
    {
        Url = new(url!),
        Payload = new(payload!),
        Headers = new(headers!),
        IdempotencyKey = new(key!),
        Result = new("result"),
    };

    [Fact]
    public async Task Sends_the_payload_as_json_through_the_webhook_channel_and_leaves_through_Sent()
    {
        var (context, sender) = Context(SendResult.Sent("provider-1"));
        var payload = new Dictionary<string, object?> { ["orderId"] = 17L, ["items"] = new List<object?> { "pizza" } };

        var result = await Activity("https://example.test/hooks", payload, new() { ["X-Tenant"] = "acme", ["X-Attempt"] = 2L }).ExecuteAsync(context);

        Assert.Equal(["Sent"], result.Outcomes);
        var message = Assert.Single(sender.Sent);
        Assert.Equal("webhook", message.Channel);
        Assert.Equal("https://example.test/hooks", message.To);
        Assert.Equal(context.WorkflowInstanceId, message.WorkflowInstanceId);
        using var body = JsonDocument.Parse(message.Body!);
        Assert.Equal(17, body.RootElement.GetProperty("orderId").GetInt32());
        Assert.Equal("acme", message.Headers["X-Tenant"]);
        Assert.Equal("2", message.Headers["X-Attempt"]);
        var output = Assert.IsType<Dictionary<string, object?>>(context.Variables["result"]);
        Assert.Equal("Sent", output["status"]);
        Assert.Equal("provider-1", output["providerMessageId"]);
        Assert.Equal(message.MessageId.ToString("D"), output["messageId"]);
    }

    [Fact]
    public async Task A_permanent_failure_leaves_through_Failed_with_the_error_in_the_output()
    {
        var (context, _) = Context(SendResult.Failed("HTTP 404 Not Found"));

        var result = await Activity("https://example.test/gone", "{\"a\":1}").ExecuteAsync(context);

        Assert.Equal(["Failed"], result.Outcomes);
        var output = Assert.IsType<Dictionary<string, object?>>(context.Variables["result"]);
        Assert.Equal("HTTP 404 Not Found", output["error"]);
    }

    [Fact]
    public async Task A_transient_failure_faults_so_the_engine_retries_with_the_same_message_id()
    {
        var (context, sender) = Context(SendResult.Retry("HTTP 503"));
        var activity = Activity("https://example.test/hooks", "{}");

        var first = await Assert.ThrowsAsync<WebhookNotDeliveredException>(() => activity.ExecuteAsync(context).AsTask());
        await Assert.ThrowsAsync<WebhookNotDeliveredException>(() => activity.ExecuteAsync(context).AsTask());

        Assert.Contains("HTTP 503", first.Message);
        Assert.Equal(2, sender.Sent.Count);
        Assert.Equal(sender.Sent[0].MessageId, sender.Sent[1].MessageId);
    }

    [Fact]
    public async Task An_idempotency_key_input_gives_each_loop_iteration_its_own_message_id()
    {
        var (context, sender) = Context(SendResult.Sent());

        await Activity("https://example.test/hooks", "{}", key: "week-1").ExecuteAsync(context);
        await Activity("https://example.test/hooks", "{}", key: "week-2").ExecuteAsync(context);

        Assert.NotEqual(sender.Sent[0].MessageId, sender.Sent[1].MessageId);
    }

    [Theory]
    [InlineData(null, "Input 'Url' is required")]
    [InlineData("ftp://example.test/x", "Input 'Url' must be an absolute http or https URL")]
    public async Task A_missing_or_non_http_url_faults_naming_the_input(string? url, string expected)
    {
        var (context, sender) = Context(SendResult.Sent());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Activity(url).ExecuteAsync(context).AsTask());

        Assert.Contains(expected, error.Message);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public void The_engine_describes_it_with_its_inputs_output_and_two_ports()
    {
        var descriptor = ActivityRegistry.Describe(typeof(SendWebhook), "webhook");

        Assert.Equal("Webhook.Send", descriptor.TypeName);
        Assert.Equal(["Sent", "Failed"], descriptor.Outcomes);
        Assert.Equal(["url", "payload", "headers", "idempotencyKey"], descriptor.Inputs.Select(i => i.Name));
        Assert.Equal("result", Assert.Single(descriptor.Outputs).Name);
    }

    [Fact]
    public void The_startup_contributes_the_channel_and_the_activity()
    {
        var plugin = new TestPluginBuilder("webhook");

        new WebhookPlugin().ConfigureServices(plugin);

        Assert.Equal([typeof(WebhookChannel)], plugin.Channels);
        Assert.Equal([typeof(SendWebhook)], plugin.Activities);
        Assert.Equal("webhook", Assert.Single(typeof(WebhookChannel).GetCustomAttributes(typeof(ChannelAttribute), false).Cast<ChannelAttribute>()).Name);
    }
}
