using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AutomationServer.Email.Tests.Support;

namespace AutomationServer.Email.Tests.Bounces;

/// <summary>
/// A throwaway dovecot IMAP server on 127.0.0.1 and a free port: its own configuration, one user with a plain-text
/// password, mail in a Maildir, everything in a temporary folder. The binary is <c>/usr/sbin/dovecot</c> (package
/// dovecot-imapd) or the path in <c>AUTOMATION_DOVECOT</c>.
/// </summary>
public sealed class Dovecot : IAsyncDisposable
{
    public const string BinaryVariable = "AUTOMATION_DOVECOT";
    public const string UserName = "bounces";
    public const string Password = "bounce-secret";

    private readonly Process _process;
    private readonly string _directory;

    private Dovecot(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public static string Binary => Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } path ? path : "/usr/sbin/dovecot";

    public static bool Available => File.Exists(Binary);

    public int Port { get; }

    public string LogFile => Path.Combine(_directory, "dovecot.log");

    public static async Task<Dovecot> StartAsync()
    {
        if (!Available)
        {
            throw new InvalidOperationException($"{Binary} is missing: install the dovecot-imapd package (apt-get install -y dovecot-imapd) or set {BinaryVariable}.");
        }

        var directory = Directory.CreateTempSubdirectory("as-dovecot-").FullName;
        var port = SmtpSink.FreePort();
        // As root, dovecot runs its login and mail processes as unprivileged users, which must reach the mail folder.
        var (internalUser, loginUser, mailUser, mailGroup) = Environment.IsPrivilegedProcess
            ? ("dovecot", "dovenull", "nobody", "nogroup")
            : (Environment.UserName, Environment.UserName, Environment.UserName, Environment.UserName);
        foreach (var folder in new[] { "base", "state", "Maildir", "home" })
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", "-R", $"{mailUser}:{mailGroup}", Path.Combine(directory, "Maildir"), Path.Combine(directory, "home"));
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "users"), $"{UserName}:{{PLAIN}}{Password}\n");
        var config = Path.Combine(directory, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{directory}}/base
            state_dir = {{directory}}/state
            log_path = {{directory}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{directory}}/Maildir
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            mail_uid = {{mailUser}}
            mail_gid = {{mailGroup}}
            first_valid_uid = 0
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{directory}}/users
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailGroup}} home={{directory}}/home
            }
            namespace inbox {
              inbox = yes
              separator = /
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            """);

        var check = await RunAsync(Binary, "-n", "-c", config);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"dovecot refused the test configuration: {check.Error}");
        }

        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-F", "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        var dovecot = new Dovecot(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return dovecot;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var log = File.Exists(dovecot.LogFile) ? await File.ReadAllTextAsync(dovecot.LogFile) : "";
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer within 15 s";
                await dovecot.DisposeAsync();
                throw new InvalidOperationException($"dovecot did not listen on 127.0.0.1:{port}: {error} {log}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets the master stop its login and mail processes; killing only the master would leave them.
                await RunAsync("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }
}

/// <summary>
/// A test that needs dovecot: skipped with a clear message when it is not installed, unless
/// <c>AUTOMATION_REQUIRE_PEERS</c> is set (CI), where a missing dovecot fails the test instead.
/// </summary>
public sealed class DovecotFactAttribute : FactAttribute
{
    public DovecotFactAttribute()
    {
        if (!Dovecot.Available && !SmtpSink.PeersRequired)
        {
            Skip = $"{Dovecot.Binary} is not installed (apt-get install -y dovecot-imapd); set {SmtpSink.RequirePeersVariable}=1 to make this a failure.";
        }
    }
}
