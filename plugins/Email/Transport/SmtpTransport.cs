using System.Net.Sockets;
using AutomationPlugins.Email.Composition;
using AutomationServer.Sdk.Channels;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace AutomationPlugins.Email.Transport;

/// <summary>
/// Sends over a pool of SMTP sessions. The server's answer decides the outcome: 4xx is retried later, 5xx to a
/// recipient or to the message is a bounce (failed for good), and a broken connection is retried on a new one.
/// </summary>
internal sealed class SmtpTransport(SmtpConnectionPool pool, string profileName, ILogger logger) : IEmailTransport
{
    public SmtpConnectionPool Pool { get; } = pool;

    public async ValueTask<SendResult> SendAsync(EmailComposition composition, Guid messageId, CancellationToken cancellationToken)
    {
        SmtpConnection connection;
        try
        {
            connection = await Pool.RentAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex))
        {
            logger.LogWarning(ex, "Sender {Profile} could not open an SMTP session to {Endpoint}", profileName, Pool.Endpoint);
            return SendResult.Retry($"Could not open an SMTP session to {Pool.Endpoint}: {Describe(ex)}");
        }

        var reusable = false;
        try
        {
            await connection.Client.SendAsync(composition.Message, composition.EnvelopeFrom, [composition.Recipient], cancellationToken);
            reusable = true;
            return SendResult.Sent(composition.Message.MessageId);
        }
        catch (SmtpCommandException ex)
        {
            // The server answered: the session is still in step (MailKit resets it) unless the server hung up.
            reusable = connection.Client.IsConnected;
            return ResultOf(ex, composition);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex))
        {
            logger.LogInformation(ex, "Sender {Profile}: SMTP session to {Endpoint} failed while sending {MessageId}", profileName, Pool.Endpoint, messageId);
            return SendResult.Retry($"The SMTP session to {Pool.Endpoint} failed: {Describe(ex)}");
        }
        finally
        {
            Pool.Return(connection, reusable);
        }
    }

    private SendResult ResultOf(SmtpCommandException ex, EmailComposition composition)
    {
        var code = (int)ex.StatusCode;
        var answer = $"{code} {ex.Message}".Trim();
        if (code is >= 500 and < 600 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
        {
            return SendResult.Failed($"{Pool.Endpoint} refused the recipient {composition.Recipient.Address}: {answer}");
        }

        if (code is >= 500 and < 600 && ex.ErrorCode is SmtpErrorCode.MessageNotAccepted)
        {
            return SendResult.Failed($"{Pool.Endpoint} refused the message: {answer}");
        }

        // 4xx, and a 5xx to the sender or the session (authentication required, relay denied): a problem of this
        // server's configuration or of the moment, not of the message; it is retried so nothing is lost meanwhile.
        var what = ex.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => $"refused the sender {composition.EnvelopeFrom.Address}",
            SmtpErrorCode.RecipientNotAccepted => $"deferred the recipient {composition.Recipient.Address}",
            SmtpErrorCode.MessageNotAccepted => "deferred the message",
            _ => "answered",
        };
        logger.LogWarning("Sender {Profile}: {Endpoint} {What}: {Answer}", profileName, Pool.Endpoint, what, answer);
        return SendResult.Retry($"{Pool.Endpoint} {what}: {answer}");
    }

    private static bool IsTransient(Exception ex) =>
        ex is IOException or SocketException or TimeoutException or OperationCanceledException or ProtocolException
            or CommandException or AuthenticationException or SslHandshakeException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or NotSupportedException or ParseException or EmailConfigurationException;

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "no answer in time",
        AuthenticationException => $"authentication failed ({ex.Message})",
        _ => ex.Message,
    };

    public ValueTask DisposeAsync() => Pool.DisposeAsync();

    public void Dispose() => Pool.Dispose();
}
