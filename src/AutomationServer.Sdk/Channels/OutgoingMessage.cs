namespace AutomationServer.Sdk.Channels;

/// <summary>One message to one recipient, rendered and ready for a provider.</summary>
public sealed record OutgoingMessage
{
    /// <summary>The server's id of this message: stable across retries, so providers that accept an idempotency key never send it twice.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>The channel name (see <see cref="ChannelAttribute.Name"/>).</summary>
    public required string Channel { get; init; }

    /// <summary>The recipient's address in the channel's terms: an email address, an E.164 number, a URL, a chat session.</summary>
    public required string To { get; init; }

    public string? From { get; init; }

    public string? Subject { get; init; }

    /// <summary>Plain-text body (the SMS text, the email's text part, a webhook's JSON).</summary>
    public string? Body { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>Channel-specific settings and headers (e.g. <c>List-Unsubscribe</c>, a content type).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The contact the message is for, when it is sent to a known contact.</summary>
    public string? ContactId { get; init; }

    /// <summary>The journey instance that sent it, if any.</summary>
    public Guid? WorkflowInstanceId { get; init; }

    /// <summary>How many times the pipeline tried before (0 on the first attempt).</summary>
    public int Attempt { get; init; }
}

/// <summary>What a channel's provider said about a message.</summary>
public sealed record SendResult
{
    public required SendStatus Status { get; init; }

    /// <summary>The provider's id for the message (an SMTP queue id, a Twilio SID), used to match delivery events.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>Why the message failed, in words an operator understands.</summary>
    public string? Error { get; init; }

    public static SendResult Sent(string? providerMessageId = null) => new() { Status = SendStatus.Sent, ProviderMessageId = providerMessageId };

    /// <summary>A failure worth retrying later (timeouts, 5xx, throttling).</summary>
    public static SendResult Retry(string error) => new() { Status = SendStatus.RetryLater, Error = error };

    /// <summary>A failure that will not go away (invalid address, rejected content).</summary>
    public static SendResult Failed(string error) => new() { Status = SendStatus.Failed, Error = error };
}

public enum SendStatus
{
    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>A transient failure: the pipeline tries again with back-off.</summary>
    RetryLater,

    /// <summary>A permanent failure: the message is marked failed and not retried.</summary>
    Failed,
}
