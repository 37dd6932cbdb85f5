using System.Reflection;
using AutomationServer.Cli;

namespace AutomationServer.Cli.Tests;

/// <summary>
/// One plugin project created with <c>automation plugin new</c> against the locally packed SDK, built and
/// packed once for every test (each dotnet build takes seconds). Restores go to a private package folder,
/// so a rebuilt SDK package of the same version is never served stale from the machine's cache.
/// </summary>
public sealed class PluginProjectFixture : IAsyncLifetime
{
    public const string Name = "Acme.Scoring";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "automation-cli-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string ProjectDirectory => Path.Combine(Root, Name);

    public string SdkPackagesFolder { get; } = typeof(PluginProjectFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SdkPackagesFolder").Value!;

    public CliRun New { get; private set; } = null!;

    public CliRun Build { get; private set; } = null!;

    public CliRun Pack { get; private set; } = null!;

    public string ZipPath => Path.Combine(Root, "dist", "acme.scoring-1.0.0.zip");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Environment.SetEnvironmentVariable("NUGET_PACKAGES", Path.Combine(Root, "nuget-packages"));
        New = await CliRun.RunAsync("plugin", "new", Name, "--output", ProjectDirectory, "--sdk-source", SdkPackagesFolder);
        var build = await DotNetProcess.RunAsync(["build", ProjectDirectory, "--nologo"], Root, CancellationToken.None);
        Build = new CliRun(build.ExitCode, build.Output, string.Empty);
        Pack = await CliRun.RunAsync("plugin", "pack", ProjectDirectory, "--output", Path.Combine(Root, "dist"));
    }

    /// <summary>A copy of the generated project (sources only) to break in one test without affecting the others.</summary>
    public string CopyProject(string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(ProjectDirectory))
        {
            Directory.CreateDirectory(target);
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PluginProjectCollection : ICollectionFixture<PluginProjectFixture>
{
    public const string Name = "plugin project";
}

/// <summary>One in-process run of the CLI: exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    internal static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
