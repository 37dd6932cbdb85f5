namespace AutomationServer.Sdk.Channels;

/// <summary>
/// Delivers messages of one kind (email, SMS, chat, webhook...) to a provider. The send pipeline calls
/// it after consent, suppression, frequency caps and quiet hours allowed the message, with a timeout;
/// the channel only talks to its provider and says how that went.
/// </summary>
public interface IChannel
{
    ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>Describes a channel: the name messages and journeys refer to it by, and how the designer shows it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ChannelAttribute(string name) : Attribute
{
    /// <summary>Stable channel name, e.g. <c>email</c>, <c>sms</c>, <c>webhook</c>.</summary>
    public string Name { get; } = name;

    public string? DisplayName { get; set; }

    public string? Description { get; set; }
}
