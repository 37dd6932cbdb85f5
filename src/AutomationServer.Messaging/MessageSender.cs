using System.Diagnostics;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging;

/// <summary>
/// The host's <see cref="IMessageSender"/>: picks the channel by name and gives it <see cref="MessagingOptions.SendTimeout"/>.
/// Exceptions and timeouts become <see cref="SendStatus.RetryLater"/>, so a flaky provider never fails a message for good;
/// the caller's own cancellation is passed through. Logs carry ids and outcomes, never recipients or bodies.
/// </summary>
public sealed class MessageSender(ChannelRegistry channels, IOptions<MessagingOptions> options, TimeProvider time, ILogger<MessageSender> logger) : IMessageSender
{
    public async ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var registration = string.IsNullOrWhiteSpace(message.Channel) ? null : channels.Find(message.Channel);
        if (registration is null)
        {
            var known = channels.Channels.Count == 0 ? "no channels are installed" : "known channels: " + string.Join(", ", channels.Channels.Select(c => c.Name));
            var unknown = SendResult.Failed($"Unknown channel '{message.Channel}'; {known}.");
            Log(message, unknown, TimeSpan.Zero);
            return unknown;
        }

        var timeout = options.Value.SendTimeout;
        var started = Stopwatch.GetTimestamp();
        SendResult result;
        Exception? failure = null;
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var channel = channels.Resolve(registration);
            // WaitAsync: a channel that ignores its token must not hold the caller past the timeout.
            result = await channel.SendAsync(message, linked.Token).AsTask().WaitAsync(timeout, time, cancellationToken)
                ?? SendResult.Retry($"Channel '{registration.Name}' returned no result.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && timeoutSource.IsCancellationRequested))
        {
            result = SendResult.Retry($"Channel '{registration.Name}' did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception exception)
        {
            failure = exception;
            result = SendResult.Retry($"Channel '{registration.Name}' failed: {exception.GetType().Name}: {exception.Message}");
        }

        Log(message, result, Stopwatch.GetElapsedTime(started), failure);
        return result;
    }

    private void Log(OutgoingMessage message, SendResult result, TimeSpan elapsed, Exception? failure = null)
    {
        var level = result.Status == SendStatus.Sent ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, failure, "Message {MessageId} via {Channel} (attempt {Attempt}): {Status} in {ElapsedMs:0} ms; provider id {ProviderMessageId}; {Error}",
            message.MessageId, message.Channel, message.Attempt, result.Status, elapsed.TotalMilliseconds, result.ProviderMessageId, result.Error);
    }
}
