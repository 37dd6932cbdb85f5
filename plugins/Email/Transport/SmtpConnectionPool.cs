using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AutomationPlugins.Email.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace AutomationPlugins.Email.Transport;

/// <summary>
/// Up to <see cref="SmtpOptions.PoolSize"/> authenticated SMTP sessions to one server, each used by one send at a
/// time. Sends beyond the pool size wait for a free session; nothing else is serialised.
/// </summary>
internal sealed class SmtpConnectionPool(
    SmtpOptions options,
    Func<CancellationToken, ValueTask<NetworkCredential?>> credentials) : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _slots = new(options.PoolSize, options.PoolSize);

    // Last in, first out: the most recently used sessions stay warm, the others age out.
    private readonly ConcurrentStack<SmtpConnection> _idle = new();
    private readonly string _host = options.Host!.Trim();
    private readonly int _port = options.EffectivePort();
    private volatile bool _disposed;

    public string Endpoint => $"{_host}:{_port}";

    /// <summary>Sessions opened so far (for tests and diagnostics).</summary>
    public int ConnectionsOpened => _connectionsOpened;

    private int _connectionsOpened;

    /// <summary>A session for one send; give it back with <see cref="Return"/>. Connection failures throw.</summary>
    public async Task<SmtpConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            while (_idle.TryPop(out var connection))
            {
                if (await IsUsableAsync(connection, cancellationToken))
                {
                    return connection;
                }
            }

            return await ConnectAsync(cancellationToken);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a session back: kept when it is still in a known state, otherwise closed.</summary>
    public void Return(SmtpConnection connection, bool reusable)
    {
        if (reusable && !_disposed && connection.Client.IsConnected)
        {
            connection.Touch();
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }

        _slots.Release();
    }

    private async Task<bool> IsUsableAsync(SmtpConnection connection, CancellationToken cancellationToken)
    {
        if (!connection.Client.IsConnected)
        {
            connection.Dispose();
            return false;
        }

        var idle = connection.IdleFor;
        if (idle > options.MaxIdleTime)
        {
            await connection.CloseAsync(QuitTimeout);
            return false;
        }

        if (idle <= options.IdleCheckAfter)
        {
            return true;
        }

        try
        {
            await connection.Client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The server closed the idle session (or it went bad): open a fresh one instead.
            connection.Dispose();
            return false;
        }
    }

    private async Task<SmtpConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        // MailKit writes a message in more than one piece; with Nagle's algorithm on, each message then waits for a
        // delayed ACK (about 22 messages a second on loopback). A socket of our own with NoDelay avoids that.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new SmtpClient { Timeout = (int)options.CommandTimeout.TotalMilliseconds };
        try
        {
            if (!string.IsNullOrWhiteSpace(options.LocalDomain))
            {
                client.LocalDomain = options.LocalDomain.Trim();
            }

            if (options.AllowInvalidCertificate)
            {
                // A certificate must still be presented; its chain and name are not checked (a self-signed relay).
                client.ServerCertificateValidationCallback = (_, _, _, errors) => (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0;
            }

            await socket.ConnectAsync(_host, _port, timeout.Token);
            await client.ConnectAsync(socket, _host, _port, SecureSocket(options.Security), timeout.Token);
            if (await credentials(timeout.Token) is { } credential)
            {
                await client.AuthenticateAsync(credential, timeout.Token);
            }

            Interlocked.Increment(ref _connectionsOpened);
            return new SmtpConnection(client);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            socket.Dispose();
            throw new TimeoutException($"Connecting to {Endpoint} took longer than {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SecureSocket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var closing = new List<Task>();
        while (_idle.TryPop(out var connection))
        {
            closing.Add(connection.CloseAsync(QuitTimeout));
        }

        await Task.WhenAll(closing);
    }

    /// <summary>Closes the idle sessions without waiting for the server (a synchronous shutdown).</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }
}
