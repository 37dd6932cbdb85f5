using System.IO.Compression;
using AutomationServer.Plugins;
using AutomationServer.Plugins.Installation;
using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Cli.Plugins;

/// <summary>
/// <c>automation plugin pack</c>: publishes a plugin project, checks the result with the server's own
/// rules (manifest and SDK compatibility before building; the installer's package inspection on the
/// zip) and writes it with plugin.json at the root, the shape <c>POST /api/plugins</c> accepts.
/// </summary>
internal static class PluginPacker
{
    private const string Failed = "The plugin was not packed.";

    public static async Task<CommandResult> PackAsync(string path, string? outputDirectory, string configuration, TextWriter progress, CancellationToken cancellationToken)
    {
        var (project, projectProblem) = FindProject(path);
        if (project is null)
        {
            return CommandResult.Failure(Failed, "dir", projectProblem!);
        }

        var projectDirectory = Path.GetDirectoryName(project)!;
        var manifestPath = Path.Combine(projectDirectory, PluginManifest.FileName);
        PluginManifest manifest;
        try
        {
            manifest = PluginManifestReader.ReadFile(manifestPath);
        }
        catch (PluginManifestException ex)
        {
            return CommandResult.Failure($"{Failed} {manifestPath} is not valid:", ex.Problems);
        }

        if (SdkCompatibility.Check(manifest.SdkVersion) is { } incompatible)
        {
            return CommandResult.Failure(Failed, "sdkVersion", incompatible);
        }

        var work = Path.Combine(Path.GetTempPath(), "automation-pack-" + Guid.NewGuid().ToString("N"));
        var publishDirectory = Path.Combine(work, "plugin");
        try
        {
            progress.WriteLine($"Publishing {Path.GetFileName(project)} ({configuration})...");
            var publish = await DotNetProcess.RunAsync(
                ["publish", project, "--configuration", configuration, "--output", publishDirectory, "--nologo", "--verbosity", "quiet"],
                projectDirectory,
                cancellationToken);
            if (publish.ExitCode != 0)
            {
                return CommandResult.Failure($"{Failed} dotnet publish failed:{Environment.NewLine}{publish.Output.TrimEnd()}", [new("build", $"dotnet publish exited with code {publish.ExitCode}.")]);
            }

            File.Copy(manifestPath, Path.Combine(publishDirectory, PluginManifest.FileName), overwrite: true);
            var target = Path.GetFullPath(outputDirectory ?? Directory.GetCurrentDirectory());
            Directory.CreateDirectory(target);
            var zip = Path.Combine(target, $"{manifest.Id}-{manifest.Version.ToNormalizedString()}.zip");
            var staged = Path.Combine(work, Path.GetFileName(zip));
            ZipFile.CreateFromDirectory(publishDirectory, staged, CompressionLevel.Optimal, includeBaseDirectory: false);

            // The server's installer inspects the zip with this same code, so what packs here installs there.
            PluginPackageInspection inspection;
            await using (var package = File.OpenRead(staged))
            {
                inspection = PluginPackage.Inspect(package, PluginHostOptions.DefaultMaxPackageBytes);
            }

            if (!inspection.IsValid)
            {
                return CommandResult.Failure($"{Failed} The server would refuse the package:", inspection.Problems);
            }

            File.Move(staged, zip, overwrite: true);
            var fileCount = Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories).Count();
            return CommandResult.Success($"Packed {manifest.Id} {manifest.Version.ToNormalizedString()} ({fileCount} files) into {zip}");
        }
        finally
        {
            TryDelete(work);
        }
    }

    private static (string? Project, string? Problem) FindProject(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? (full, null) : (null, $"'{full}' is not a .csproj file.");
        }

        if (!Directory.Exists(full))
        {
            return (null, $"'{full}' does not exist.");
        }

        var projects = Directory.GetFiles(full, "*.csproj");
        return projects.Length switch
        {
            1 => (projects[0], null),
            0 => (null, $"'{full}' holds no .csproj file."),
            _ => (null, $"'{full}' holds {projects.Length} project files; name the one to pack."),
        };
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the pack result is what matters.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
