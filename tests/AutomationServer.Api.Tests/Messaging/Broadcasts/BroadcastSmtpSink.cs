using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AutomationServer.Api.Tests.Messaging.Broadcasts;

/// <summary>
/// Postfix's <c>smtp-sink</c> on a fixed loopback port writing one file per message (<c>/usr/sbin/smtp-sink</c> or
/// <c>AUTOMATION_SMTP_SINK</c>). Can be stopped and started again on the same port and folder, as a relay that goes down.
/// </summary>
internal sealed partial class BroadcastSmtpSink : IDisposable
{
    private Process? _process;

    public BroadcastSmtpSink()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("as-broadcast-sink-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Running as root, the sink drops to 'nobody', which must be able to write the dump files.
            File.SetUnixFileMode(Directory, (UnixFileMode)0x1FF);
        }

        Port = CountingHttpServerPort();
    }

    public static string Binary => Environment.GetEnvironmentVariable("AUTOMATION_SMTP_SINK") is { Length: > 0 } path ? path : "/usr/sbin/smtp-sink";

    public static bool Available => File.Exists(Binary);

    public int Port { get; }

    public string Directory { get; }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }

        // The counter in the file prefix keeps a restarted sink from overwriting the files of the first one.
        foreach (var argument in new[] { "-d", Path.Combine(Directory, $"message.{Guid.NewGuid():N}."), $"127.0.0.1:{Port}", "256" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Messages received so far, counted by recipient (the first <c>To:</c> header of each file).</summary>
    public Dictionary<string, int> CountByRecipient()
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in System.IO.Directory.GetFiles(Directory, "message.*"))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            var to = ToHeader().Match(text);
            if (to.Success)
            {
                var address = to.Groups[1].Value.Trim().Trim('<', '>');
                counts[address] = counts.GetValueOrDefault(address) + 1;
            }
        }

        return counts;
    }

    public int MessageCount() => System.IO.Directory.GetFiles(Directory, "message.*").Length;

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int CountingHttpServerPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^To:\s*(?:[^<\r\n]*<)?([^>\s\r\n]+)>?", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ToHeader();
}
