using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AutomationServer.Email.Tests.Support;

/// <summary>
/// Postfix's <c>smtp-sink</c> on 127.0.0.1 and a free port, writing each received message to its own file.
/// The binary is <c>/usr/sbin/smtp-sink</c> (package postfix) or the path in <c>AUTOMATION_SMTP_SINK</c>.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    public const string BinaryVariable = "AUTOMATION_SMTP_SINK";
    public const string RequirePeersVariable = "AUTOMATION_REQUIRE_PEERS";

    private readonly Process _process;

    private SmtpSink(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public static string Binary => Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } path ? path : "/usr/sbin/smtp-sink";

    public static bool Available => File.Exists(Binary);

    public static bool PeersRequired => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RequirePeersVariable));

    public int Port { get; }

    /// <summary>Where the sink writes one file per message.</summary>
    public string Directory { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        if (!Available)
        {
            throw new InvalidOperationException($"{Binary} is missing: install the postfix package (apt-get install -y postfix) or set {BinaryVariable}.");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("as-smtp-sink-").FullName;
        // Running as root, the sink drops to 'nobody', which must be able to write the dump files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        }
        var port = FreePort();
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }

        foreach (var argument in new[] { "-d", Path.Combine(directory, "message."), $"127.0.0.1:{port}", "256" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        var sink = new SmtpSink(process, port, directory);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer within 10 s";
                sink.Dispose();
                throw new InvalidOperationException($"smtp-sink did not listen on 127.0.0.1:{port}: {error}");
            }
        }
    }

    /// <summary>The files written so far, each one message.</summary>
    public IReadOnlyList<string> MessageFiles() => System.IO.Directory.GetFiles(Directory, "message.*");

    /// <summary>Waits until <paramref name="count"/> messages arrived and returns their files.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var files = MessageFiles();
            if (files.Count >= count || deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
            {
                // The sink closes a dump file once the transaction ends; give the last ones a moment.
                await Task.Delay(100);
                return MessageFiles();
            }

            await Task.Delay(25);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A test that needs smtp-sink: skipped with a clear message when it is not installed, unless
/// <c>AUTOMATION_REQUIRE_PEERS</c> is set (CI), where a missing sink fails the test instead.
/// </summary>
public sealed class SmtpSinkFactAttribute : FactAttribute
{
    public SmtpSinkFactAttribute()
    {
        if (!SmtpSink.Available && !SmtpSink.PeersRequired)
        {
            Skip = $"{SmtpSink.Binary} is not installed (apt-get install -y postfix); set {SmtpSink.RequirePeersVariable}=1 to make this a failure.";
        }
    }
}
