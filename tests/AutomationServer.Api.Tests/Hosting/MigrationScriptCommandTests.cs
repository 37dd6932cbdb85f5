using System.Diagnostics;

namespace AutomationServer.Api.Tests.Hosting;

/// <summary>Runs the server executable the way IT would, so the switch is checked end to end.</summary>
public sealed class MigrationScriptCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("automationserver-script-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Prints_the_workflow_and_scheduler_schema_to_stdout_and_exits_without_starting()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(_folder, "appsettings.json"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Elsewhere than the content root, so the test sees which of the two was used.
            WorkingDirectory = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName,
        };
        // The switch comes first so that a parser taking the next argument as its value would lose --contentRoot.
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "AutomationServer.dll"), "--print-migration-script", "--contentRoot", _folder })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await errors);
        var script = await output;
        Assert.Contains("CREATE TABLE \"WorkflowBookmarks\"", script, StringComparison.Ordinal);
        Assert.Contains("-- Quartz.NET", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS QRTZ_JOB_DETAILS", script, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", script, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_folder, "data")), "the content root given after the switch was used");
    }
}
