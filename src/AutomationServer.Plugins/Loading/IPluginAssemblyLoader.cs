using System.Reflection;
using System.Runtime.Loader;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// Loads a plugin's entry assembly into a load context of its own, sharing only the SDK and framework
/// types with the host. Behind an interface so the loading library can be replaced.
/// </summary>
public interface IPluginAssemblyLoader
{
    /// <param name="entryAssemblyPath">Absolute path of the plugin's entry assembly.</param>
    /// <param name="collectible">True for a context that can be unloaded later (hot reload); such a context reads files into memory so they stay replaceable.</param>
    LoadedPluginAssembly Load(string entryAssemblyPath, bool collectible);
}

/// <summary>A loaded entry assembly and the load context that holds it and the plugin's private dependencies.</summary>
/// <param name="Owner">Releases the context (only meaningful for collectible ones).</param>
public sealed record LoadedPluginAssembly(Assembly EntryAssembly, AssemblyLoadContext LoadContext, IDisposable Owner);
