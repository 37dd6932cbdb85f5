using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class PluginLoggingTests(PluginHostFixture host)
{
    [Fact]
    public async Task Sends_are_logged_with_message_id_and_channel_but_without_recipient_body_or_secrets()
    {
        _ = await host.Services.GetRequiredService<IPluginSecrets<TestPluginStartup>>().GetAsync("ApiToken");
        var message = new OutgoingMessage
        {
            MessageId = Guid.NewGuid(),
            Channel = "test",
            To = "recipient-qzxw@example.com",
            Subject = "subject-qzxw",
            Body = "body-qzxw",
        };

        await host.Services.GetRequiredService<IMessageSender>().SendAsync(message, CancellationToken.None);

        var logs = "";
        await Eventually.TrueAsync(() => (logs = host.ReadLogs()).Contains(message.MessageId.ToString(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the send is in the log");
        var line = logs.Split('\n').Single(entry => entry.Contains(message.MessageId.ToString(), StringComparison.Ordinal));
        Assert.Contains("test", line, StringComparison.Ordinal);
        Assert.Contains("Sent", line, StringComparison.Ordinal);
        Assert.DoesNotContain("qzxw", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(PluginHostFixture.SecretValue, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_of_plugin_parts_are_logged_with_the_plugin_id()
    {
        await Eventually.TrueAsync(() => Volatile.Read(ref TestPluginProbe.JobRuns) >= 2, TimeSpan.FromSeconds(20), "the failing first job run is over");

        string logs = "";
        await Eventually.TrueAsync(() =>
        {
            logs = host.ReadLogs();
            return logs.Contains("first occurrence fails", StringComparison.Ordinal) && logs.Contains(FlakyEventSource.FirstRunError, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the job and event source failures are in the log");

        var lines = logs.Split('\n');
        Assert.Contains(lines, l => l.Contains("Recurring job", StringComparison.Ordinal) && l.Contains(PluginHostFixture.PluginId, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Event source", StringComparison.Ordinal) && l.Contains(PluginHostFixture.PluginId, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Endpoints of plugin", StringComparison.Ordinal) && l.Contains(PluginHostFixture.BrokenPluginId, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("broken", StringComparison.Ordinal) && l.Contains("is not scheduled", StringComparison.Ordinal));
    }
}
