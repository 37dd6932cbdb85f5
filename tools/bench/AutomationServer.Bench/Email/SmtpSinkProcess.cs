using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AutomationServer.Bench.Email;

/// <summary>Postfix's <c>smtp-sink</c> on 127.0.0.1 and a free port, writing each message to its own file in a fresh folder.</summary>
internal sealed class SmtpSinkProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/smtp-sink";
    public const string SourceBinary = "/usr/sbin/smtp-source";

    private readonly Process _process;

    private SmtpSinkProcess(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public static async Task<SmtpSinkProcess> StartAsync()
    {
        foreach (var binary in new[] { Binary, SourceBinary })
        {
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException($"{binary} is missing: apt-get install -y postfix.");
            }
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("as-bench-sink-").FullName;
        // As root the sink drops to 'nobody', which must be able to write the dump files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        }

        var port = FreePort();
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }

        // 256: the listen backlog; -d: one file per mail transaction.
        foreach (var argument in new[] { "-d", Path.Combine(directory, "m."), $"127.0.0.1:{port}", "256" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("smtp-sink did not start.");
        var sink = new SmtpSinkProcess(process, port, directory);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                // The probe's empty session leaves no file; clear the folder anyway so counts start at zero.
                sink.Clear();
                return sink;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await sink.DisposeAsync();
                throw new InvalidOperationException("smtp-sink did not accept connections within 10 s.");
            }
        }
    }

    public int CountFiles() => System.IO.Directory.EnumerateFiles(Directory).Count();

    public IEnumerable<string> Files() => System.IO.Directory.EnumerateFiles(Directory);

    public void Clear()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Delete(file);
        }
    }

    /// <summary>Waits until <paramref name="count"/> message files exist; the time is the caller's stopwatch.</summary>
    public async Task WaitForFilesAsync(int count, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        int found;
        while ((found = CountFiles()) < count)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {found} of {count} messages reached smtp-sink within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(found + 200 >= count ? 5 : 50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
