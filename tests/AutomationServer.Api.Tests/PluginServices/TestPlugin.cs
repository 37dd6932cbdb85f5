using System.Collections.Concurrent;
using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Stimuli;

namespace AutomationServer.Api.Tests.PluginServices;

// What a tiny plugin contributes, living in the test assembly: the fixture maps this assembly to the
// plugin id "test-plugin" and adds the registration records by hand, as the loader would.

/// <summary>What the plugin's parts observed, for the tests to read.</summary>
internal static class TestPluginProbe
{
    public static int EventSourceRuns;
    public static readonly TaskCompletionSource PublishAllowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly TaskCompletionSource<PublishResult> Published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static int JobRuns;
    public static int JobsRunningNow;
    public static int MaxJobsRunningAtOnce;

    public static readonly ConcurrentQueue<Guid> SentByTestChannel = new();
}

/// <summary>Fails on its first run; on the next one publishes an event once the test allows it, then idles until stopped.</summary>
public sealed class FlakyEventSource(IStimulusPublisher publisher) : IEventSource
{
    public const string FirstRunError = "the queue is unreachable (first run)";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Increment(ref TestPluginProbe.EventSourceRuns) == 1)
        {
            throw new InvalidOperationException(FirstRunError);
        }

        await TestPluginProbe.PublishAllowed.Task.WaitAsync(stoppingToken);
        var result = await publisher.PublishAsync([StimulusMessage.Event("from-event-source", new { source = "flaky" })], stoppingToken);
        TestPluginProbe.Published.TrySetResult(result);
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }
}

/// <summary>Its first occurrence throws; each one takes a while, so overlapping runs would show.</summary>
public sealed class FlakyJob : IPluginJob
{
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref TestPluginProbe.JobsRunningNow);
        try
        {
            int max;
            do
            {
                max = Volatile.Read(ref TestPluginProbe.MaxJobsRunningAtOnce);
            }
            while (running > max && Interlocked.CompareExchange(ref TestPluginProbe.MaxJobsRunningAtOnce, running, max) != max);

            var run = Interlocked.Increment(ref TestPluginProbe.JobRuns);
            await Task.Delay(TimeSpan.FromMilliseconds(1200), cancellationToken);
            if (run == 1)
            {
                throw new InvalidOperationException("first occurrence fails");
            }
        }
        finally
        {
            Interlocked.Decrement(ref TestPluginProbe.JobsRunningNow);
        }
    }
}

public sealed class NeverScheduledJob : IPluginJob
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("an invalid cron must never fire");
}

[Channel("test")]
public sealed class TestChannel : IChannel
{
    public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        TestPluginProbe.SentByTestChannel.Enqueue(message.MessageId);
        return ValueTask.FromResult(SendResult.Sent($"provider-{message.MessageId:N}"));
    }
}

/// <summary>Ignores its cancellation token, the worst case for the pipeline's timeout.</summary>
[Channel("slow")]
public sealed class SlowChannel : IChannel
{
    public async ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None);
        return SendResult.Sent();
    }
}

[Channel("throwing")]
public sealed class ThrowingChannel : IChannel
{
    public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        throw new HttpRequestException("provider answered 503");
}

/// <summary>Waits for any named stimulus keyed by a message id, the way a channel plugin's "wait for opened" activity would.</summary>
[Activity("Test.WaitForMessageEvent", Category = "Test", MaySuspend = true, Description = "Waits for a delivery event of a message.")]
public sealed class WaitForMessageEvent : Activity
{
    [Input(Description = "Stimulus name, e.g. Message.Delivered.", Required = true, SupportsExpressions = false)]
    public Input<string> StimulusName { get; set; } = default!;

    [Input(Description = "The message id.", Required = true, SupportsExpressions = false)]
    public Input<string> MessageId { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest { Stimulus = context.Get(StimulusName)!, Key = context.Get(MessageId) }));
}

/// <summary>Stands for the plugin's startup class, the usual type argument of IPluginStateStore and IPluginSecrets.</summary>
public sealed class TestPluginStartup;
