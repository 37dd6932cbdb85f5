using System.Diagnostics;
using System.Text;

namespace AutomationServer.Cli;

/// <summary>Runs the dotnet CLI as a child process and captures what it printed.</summary>
internal static class DotNetProcess
{
    // Set when this process itself runs under MSBuild or a test host; a child build must find its own SDK.
    private static readonly string[] InheritedBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotNetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = new StringBuilder();
        var lockObject = new object();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lockObject)
            {
                output.AppendLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>The dotnet host running this tool when it runs as <c>dotnet automation.dll</c>, else the one on the PATH.</summary>
    private static string DotNetExecutable()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}
