namespace AutomationServer.Sdk.Channels;

/// <summary>
/// A message a journey step asks the send pipeline to deliver (see <c>ActivityContext.QueueMessage</c>). The pipeline
/// stores it in the outbox with the step, then renders it, asks the send policies whether the contact may get it now
/// (consent, topic, suppression, frequency cap, quiet hours, throttling) and hands it to the channel exactly once.
/// </summary>
public sealed record MessageRequest
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new Dictionary<string, object?>();
    private static readonly IReadOnlyDictionary<string, string> NoSettings = new Dictionary<string, string>();

    /// <summary>The channel name (see <see cref="ChannelAttribute.Name"/>), e.g. <c>email</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The contact it is for: the pipeline finds the address, consent and time zone from it.</summary>
    public string? ContactId { get; init; }

    /// <summary>An explicit address used instead of the contact's (a notification to a team mailbox, say).</summary>
    public string? To { get; init; }

    /// <summary>A stored template, rendered when the message is sent.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Subject (Liquid); overrides the template's.</summary>
    public string? Subject { get; init; }

    /// <summary>Plain-text body (Liquid) when there is no template; an SMS or chat text.</summary>
    public string? Body { get; init; }

    /// <summary>HTML body (Liquid) when there is no template.</summary>
    public string? HtmlBody { get; init; }

    public string? From { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>The subscription topic the contact must not have left (e.g. <c>newsletter</c>).</summary>
    public string? Topic { get; init; }

    public MessagePurpose Purpose { get; init; } = MessagePurpose.Marketing;

    /// <summary>Values the template sees besides the contact: journey variables, the triggering event's properties.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = NoData;

    /// <summary>Channel-specific settings (a sender profile, a messaging service).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = NoSettings;
}

public enum MessagePurpose
{
    /// <summary>Needs consent for the channel and topic; counts against frequency caps; waits out quiet hours.</summary>
    Marketing,

    /// <summary>Something the contact asked for (a receipt, a confirmation): not capped and not held for quiet hours, but never sent to a suppressed address.</summary>
    Transactional,
}
