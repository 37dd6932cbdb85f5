using System.Reflection;
using AutomationServer.Sdk.Plugins;

namespace AutomationServer.Plugins.Loading;

/// <summary>Finds the one public <see cref="IPluginStartup"/> class of an entry assembly.</summary>
internal static class PluginStartupLocator
{
    public static IPluginStartup Create(Assembly entryAssembly)
    {
        var fileName = Path.GetFileName(entryAssembly.Location) is { Length: > 0 } name ? name : entryAssembly.GetName().Name + ".dll";
        var startups = entryAssembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPluginStartup).IsAssignableFrom(t))
            .ToList();

        if (startups.Count == 0)
        {
            var foreign = entryAssembly.GetExportedTypes().Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IPluginStartup).FullName));
            throw new PluginConfigurationException(foreign
                ? $"The startup class in {fileName} implements another copy of IPluginStartup: the plugin must not ship AutomationServer.Sdk.dll."
                : $"{fileName} has no public class implementing IPluginStartup.");
        }

        if (startups.Count > 1)
        {
            throw new PluginConfigurationException(
                $"{fileName} has several classes implementing IPluginStartup ({string.Join(", ", startups.Select(t => t.FullName))}); exactly one is allowed.");
        }

        var startup = startups[0];
        if (startup.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginConfigurationException($"{startup.FullName} needs a public parameterless constructor.");
        }

        try
        {
            return (IPluginStartup)Activator.CreateInstance(startup)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new PluginConfigurationException($"The constructor of {startup.FullName} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}");
        }
    }
}
