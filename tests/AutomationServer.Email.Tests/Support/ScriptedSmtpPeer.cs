using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutomationServer.Email.Tests.Support;

/// <summary>One command the peer received: its verb (EHLO, MAIL, RCPT, DATA, "." for the end of the message...), the whole line, and which connection (1, 2, ...).</summary>
public sealed record SmtpExchange(string Verb, string Line, int Connection);

/// <summary>
/// A tiny SMTP server on 127.0.0.1 whose answers a test scripts: <c>answer</c> returns the reply to a command
/// (null for the usual one, <see cref="Drop"/> to close the connection without a word).
/// </summary>
public sealed class ScriptedSmtpPeer : IDisposable
{
    public const string Drop = "<drop>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<SmtpExchange, string?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public ScriptedSmtpPeer(Func<SmtpExchange, string?>? answer = null)
    {
        _answer = answer ?? (_ => null);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => _connections;

    public ConcurrentQueue<SmtpExchange> Received { get; } = new();

    /// <summary>Messages whose end of data was answered 250.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 peer.test ESMTP scripted");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var exchange = new SmtpExchange(verb, line, connection);
                Received.Enqueue(exchange);
                var reply = _answer(exchange) ?? Usual(verb);
                if (reply == Drop)
                {
                    return;
                }

                if (verb == "DATA" && reply.StartsWith("354", StringComparison.Ordinal))
                {
                    await writer.WriteLineAsync(reply);
                    var message = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                    {
                        message.AppendLine(data);
                    }

                    var end = new SmtpExchange(".", ".", connection);
                    Received.Enqueue(end);
                    reply = _answer(end) ?? Usual(".");
                    if (reply == Drop)
                    {
                        return;
                    }

                    if (reply.StartsWith("250", StringComparison.Ordinal))
                    {
                        Accepted.Enqueue(message.ToString());
                    }
                }

                await writer.WriteLineAsync(reply);
                if (verb == "QUIT")
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static string Usual(string verb) => verb switch
    {
        "EHLO" => "250-peer.test\r\n250-AUTH PLAIN\r\n250 8BITMIME",
        "HELO" => "250 peer.test",
        "AUTH" => "235 2.7.0 Authentication successful",
        "DATA" => "354 End data with <CR><LF>.<CR><LF>",
        "." => "250 2.0.0 Ok: queued as 4711",
        "QUIT" => "221 2.0.0 Bye",
        _ => "250 2.0.0 Ok",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
