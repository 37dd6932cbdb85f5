using System.Diagnostics;
using MailKit.Net.Smtp;

namespace AutomationPlugins.Email.Transport;

/// <summary>One authenticated SMTP session of a pool, and when it was last used.</summary>
internal sealed class SmtpConnection(SmtpClient client) : IDisposable
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public SmtpClient Client { get; } = client;

    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(_lastUsed);

    public void Touch() => _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>Says goodbye (QUIT) when the session is still open; used on shutdown and for idle sessions.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        try
        {
            if (Client.IsConnected)
            {
                using var cancel = new CancellationTokenSource(timeout);
                await Client.DisconnectAsync(quit: true, cancel.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException)
        {
            // The server may be gone already; the socket is released by Dispose either way.
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => Client.Dispose();
}
