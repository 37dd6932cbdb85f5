using System.CommandLine;
using AutomationServer.Cli.Plugins;

namespace AutomationServer.Cli;

/// <summary>The <c>automation</c> command tree.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("AutomationServer command line.") { PluginCommand(output, error) };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Command PluginCommand(TextWriter output, TextWriter error) =>
        new("plugin", "Create, validate and pack plugins.") { NewCommand(output, error), PackCommand(output, error) };

    private static Command NewCommand(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The plugin's name, used for its assembly and namespace, e.g. Acme.Scoring." };
        var outputDir = new Option<string?>("--output", "-o") { Description = "The folder to create (default: ./<name>)." };
        var id = new Option<string?>("--id") { Description = "The plugin id (default: the name in lower case)." };
        var sdkSource = new Option<string?>("--sdk-source") { Description = "A folder holding the AutomationServer.Sdk package, added to the project's nuget.config." };
        var sdkVersion = new Option<string?>("--sdk-version") { Description = $"The AutomationServer.Sdk package version (default: {PluginTemplate.DefaultSdkPackageVersion})." };
        var command = new Command("new", "Creates a plugin project from the template.") { name, outputDir, id, sdkSource, sdkVersion };
        command.SetAction(parse =>
        {
            var request = new PluginTemplateRequest(
                parse.GetValue(name)!,
                parse.GetValue(outputDir),
                parse.GetValue(id),
                parse.GetValue(sdkSource),
                parse.GetValue(sdkVersion) ?? PluginTemplate.DefaultSdkPackageVersion);
            return Report(PluginTemplate.Create(request), output, error);
        });
        return command;
    }

    private static Command PackCommand(TextWriter output, TextWriter error)
    {
        var directory = new Argument<string>("dir") { Description = "The plugin's project folder (or its .csproj file)." };
        var outputDir = new Option<string?>("--output", "-o") { Description = "Where to write <id>-<version>.zip (default: the current folder)." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "The build configuration.", DefaultValueFactory = _ => "Release" };
        var command = new Command("pack", "Builds a plugin, validates it as the server would and writes <id>-<version>.zip.") { directory, outputDir, configuration };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await PluginPacker.PackAsync(parse.GetValue(directory)!, parse.GetValue(outputDir), parse.GetValue(configuration)!, output, cancellationToken);
            return Report(result, output, error);
        });
        return command;
    }

    private static int Report(CommandResult result, TextWriter output, TextWriter error)
    {
        if (result.Problems.Count == 0)
        {
            output.WriteLine(result.Message);
            return 0;
        }

        error.WriteLine(result.Message);
        foreach (var problem in result.Problems)
        {
            error.WriteLine($"  {problem}");
        }

        return 1;
    }
}
