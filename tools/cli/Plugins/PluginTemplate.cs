using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AutomationServer.Plugins.Manifests;
using AutomationServer.Sdk.Plugins;

namespace AutomationServer.Cli.Plugins;

/// <summary>What <c>automation plugin new</c> was asked for.</summary>
internal sealed record PluginTemplateRequest(string Name, string? OutputDirectory, string? Id, string? SdkSource, string SdkPackageVersion);

/// <summary>Creates a plugin project from the embedded template: it builds on its own, outside any repository.</summary>
internal static partial class PluginTemplate
{
    /// <summary>The SDK package this tool was built with (its informational version without build metadata).</summary>
    public static string DefaultSdkPackageVersion { get; } =
        (typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.3.0").Split('+')[0];

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedIdentifier();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageVersion();

    public static CommandResult Create(PluginTemplateRequest request)
    {
        const string failed = "The plugin project was not created.";
        var problems = new List<PluginProblem>();
        if (!DottedIdentifier().IsMatch(request.Name))
        {
            problems.Add(new("name", $"'{request.Name}' must be a C# namespace-like name: letters, digits and underscores in dot-separated parts, e.g. Acme.Scoring."));
        }
        else if (request.Name.Equals("AutomationServer", StringComparison.OrdinalIgnoreCase) || request.Name.StartsWith("AutomationServer.", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new("name", "Names starting with 'AutomationServer' are reserved for the server's own assemblies; the server refuses plugins that ship one."));
        }

        if (!PackageVersion().IsMatch(request.SdkPackageVersion))
        {
            problems.Add(new("--sdk-version", $"'{request.SdkPackageVersion}' is not a package version (e.g. 1.2.0)."));
        }

        string? sdkSource = null;
        if (request.SdkSource is not null)
        {
            sdkSource = Path.GetFullPath(request.SdkSource);
            var package = Path.Combine(sdkSource, $"AutomationServer.Sdk.{request.SdkPackageVersion}.nupkg");
            if (!File.Exists(package))
            {
                problems.Add(new("--sdk-source", $"'{package}' does not exist; build the SDK in Release (dotnet build -c Release src/AutomationServer.Sdk) or point to the folder holding the package."));
            }
        }

        var target = Path.GetFullPath(request.OutputDirectory ?? request.Name);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            problems.Add(new("--output", $"'{target}' already exists and is not empty."));
        }

        if (problems.Count > 0)
        {
            return CommandResult.Failure(failed, problems);
        }

        var values = Values(request, sdkSource);
        var manifestText = Render("plugin.json", values);
        try
        {
            // The manifest must be one the server accepts; the reader is the one place that decides.
            var manifest = PluginManifestReader.Parse(Encoding.UTF8.GetBytes(manifestText));
            if (SdkCompatibility.Check(manifest.SdkVersion) is { } incompatible)
            {
                return CommandResult.Failure(failed, "--sdk-version", incompatible);
            }
        }
        catch (PluginManifestException ex)
        {
            return CommandResult.Failure(failed, ex.Problems.Select(p => p.Field == "id" ? p with { Field = "--id" } : p).ToList());
        }

        var files = new Dictionary<string, string>
        {
            [$"{request.Name}.csproj"] = Render("Plugin.csproj", values),
            ["plugin.json"] = manifestText,
            [$"{values["StartupClass"]}.cs"] = Render("Startup.csharp", values),
            ["CheckScore.cs"] = Render("CheckScore.csharp", values),
            ["Directory.Build.props"] = Render("Directory.Build.props", values),
            ["Directory.Build.targets"] = Render("Directory.Build.targets", values),
            ["Directory.Packages.props"] = Render("Directory.Packages.props", values),
            [".gitignore"] = Render("gitignore", values),
            ["README.md"] = Render("README.md", values),
        };
        if (sdkSource is not null)
        {
            files["nuget.config"] = Render("nuget.config", values);
        }

        Directory.CreateDirectory(target);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(target, name), content);
        }

        return CommandResult.Success($"Created plugin '{values["Id"]}' in {target}. Next: cd {target} && dotnet build");
    }

    private static Dictionary<string, string> Values(PluginTemplateRequest request, string? sdkSource)
    {
        var lastPart = request.Name[(request.Name.LastIndexOf('.') + 1)..];
        var sdkVersion = string.Join('.', request.SdkPackageVersion.Split('-')[0].Split('.').Take(2));
        return new()
        {
            ["Name"] = request.Name,
            ["Id"] = request.Id ?? request.Name.ToLowerInvariant().Replace('_', '-'),
            ["AssemblyName"] = request.Name,
            ["Namespace"] = request.Name,
            ["ActivityPrefix"] = request.Name,
            ["StartupClass"] = char.ToUpperInvariant(lastPart[0]) + lastPart[1..] + "Plugin",
            ["SdkPackageVersion"] = request.SdkPackageVersion,
            ["SdkVersion"] = sdkVersion,
            ["SdkSource"] = System.Security.SecurityElement.Escape(sdkSource ?? string.Empty),
        };
    }

    private static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        using var stream = typeof(PluginTemplate).Assembly.GetManifestResourceStream($"Templates.Plugin.{template}.template")
            ?? throw new InvalidOperationException($"The template file '{template}' is missing from this build of the tool.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
