using AutomationServer.Messaging.Recipients;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Rendering;

/// <summary>Turns a stored <see cref="MessageRequest"/> into the content for one recipient (templates, Liquid, the text part).</summary>
public interface IMessageRenderer
{
    /// <summary>Throws <see cref="MessageRenderException"/> when the message cannot be rendered (missing template, a Liquid error): a permanent failure.</summary>
    Task<RenderedMessage> RenderAsync(Guid messageId, MessageRequest request, Recipient recipient, CancellationToken cancellationToken);
}

/// <summary>Rendered content, before tracking is added.</summary>
public sealed record RenderedMessage
{
    public string? Subject { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>The text part (for email generated from the HTML when the template has none) or the SMS / chat text.</summary>
    public string? TextBody { get; init; }

    public string? From { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>Headers to send (e.g. <c>List-Unsubscribe</c>), added to by <see cref="IMessageDecorator"/>s.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Changes rendered content before it goes out: click tracking, the open pixel, unsubscribe headers. Run in registration order.</summary>
public interface IMessageDecorator
{
    RenderedMessage Decorate(Guid messageId, string channel, MessageRequest request, Recipient recipient, RenderedMessage message);
}

public sealed class MessageRenderException(string message, Exception? inner = null) : Exception(message, inner);
