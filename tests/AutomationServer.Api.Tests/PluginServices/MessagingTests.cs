using System.Diagnostics;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Messaging;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class MessagingTests(PluginHostFixture host)
{
    private IMessageSender Sender => host.Services.GetRequiredService<IMessageSender>();

    [Fact]
    public async Task A_message_goes_to_the_channel_named_case_insensitively()
    {
        var message = Message("TEST");

        var result = await Sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal($"provider-{message.MessageId:N}", result.ProviderMessageId);
        Assert.Contains(message.MessageId, TestPluginProbe.SentByTestChannel);
        var registry = host.Services.GetRequiredService<ChannelRegistry>();
        Assert.Equal(["slow", "test", "throwing"], registry.Channels.Select(c => c.Name));
        Assert.All(registry.Channels, c => Assert.Equal(PluginHostFixture.PluginId, c.PluginId));
    }

    [Fact]
    public async Task An_unknown_channel_fails_for_good_and_names_the_known_ones()
    {
        var result = await Sender.SendAsync(Message("carrier-pigeon"), CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Equal("Unknown channel 'carrier-pigeon'; known channels: slow, test, throwing.", result.Error);
    }

    [Fact]
    public async Task A_channel_that_does_not_answer_in_time_is_retried_later()
    {
        var watch = Stopwatch.StartNew();

        var result = await Sender.SendAsync(Message("slow"), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Equal("Channel 'slow' did not answer within 0.5 s.", result.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_channel_that_throws_is_retried_later_with_the_reason()
    {
        var result = await Sender.SendAsync(Message("throwing"), CancellationToken.None);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Equal("Channel 'throwing' failed: HttpRequestException: provider answered 503", result.Error);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_result()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Sender.SendAsync(Message("slow"), cancelled.Token));
    }

    [Fact]
    public void An_invalid_send_timeout_stops_the_start_with_the_key_named()
    {
        using var factory = new AutomationServerFactory();
        factory.Settings["Messaging:SendTimeout"] = "00:00:00";

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Messaging:SendTimeout", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_event_resumes_the_journey_waiting_for_it_and_only_that_one()
    {
        var messageId = Guid.NewGuid();
        await StoreMessageAsync(messageId);
        var json = new FlowBuilder("await-delivery")
            .Activity("wait", "Test.WaitForMessageEvent", new() { ["stimulusName"] = Literal("Message.Delivered"), ["messageId"] = Literal(messageId.ToString()) })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("delivered") })
            .Connect("wait", "Done", "log").ToJson();
        using var client = host.Factory.CreateAuthorizedClient();
        (await client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
        var run = await client.PostAsync("/api/definitions/await-delivery/run", AutomationServerFactory.Json("{}"));
        run.EnsureSuccessStatusCode();
        var instanceId = Guid.Parse(System.Text.Json.JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        var sink = host.Services.GetRequiredService<IDeliveryEventSink>();
        Assert.Equal(InstanceStatus.Suspended, await StatusAsync(instanceId));

        await sink.ReportAsync(Event(DeliveryEventKind.Opened, messageId), CancellationToken.None);
        var otherMessage = Guid.NewGuid();
        await StoreMessageAsync(otherMessage);
        await sink.ReportAsync(Event(DeliveryEventKind.Delivered, otherMessage), CancellationToken.None);
        await sink.ReportAsync(Event(DeliveryEventKind.Delivered, null) with { ProviderMessageId = "smtp-123" }, CancellationToken.None);
        Assert.Equal(InstanceStatus.Suspended, await StatusAsync(instanceId));

        await sink.ReportAsync(Event(DeliveryEventKind.Delivered, messageId), CancellationToken.None);
        Assert.Equal(InstanceStatus.Finished, await StatusAsync(instanceId));
    }

    /// <summary>The sink records events only for messages the server sent: a row like the outbox writes, already sent.</summary>
    private async Task StoreMessageAsync(Guid messageId)
    {
        var contexts = host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<WorkflowDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        db.Messages.Add(new MessageRecord
        {
            Id = messageId, Channel = "test", State = MessageState.Sent, Request = "{\"channel\":\"test\",\"to\":\"x\"}",
            DueAt = now, CreatedAt = now, UpdatedAt = now, SentAt = now,
        });
        await db.SaveChangesAsync();
    }

    private async Task<InstanceStatus?> StatusAsync(Guid instanceId) =>
        (await host.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(instanceId, CancellationToken.None))?.Status;

    private static DeliveryEvent Event(DeliveryEventKind kind, Guid? messageId) =>
        new() { Channel = "test", Kind = kind, MessageId = messageId, OccurredAt = DateTimeOffset.UtcNow };

    private static OutgoingMessage Message(string channel) =>
        new() { MessageId = Guid.NewGuid(), Channel = channel, To = "ada@example.com", Subject = "Hi", Body = "Hello" };
}
