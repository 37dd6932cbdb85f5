using AutomationPlugins.Email.Composition;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Transport;

/// <summary>Hands a composed (and signed) message to where it leaves the server. One instance per sender profile; safe for concurrent sends.</summary>
internal interface IEmailTransport : IAsyncDisposable, IDisposable
{
    /// <summary>Sent, RetryLater (the server or folder is unavailable for now) or Failed (rejected for good). Throws only when cancelled.</summary>
    ValueTask<SendResult> SendAsync(EmailComposition composition, Guid messageId, CancellationToken cancellationToken);
}
