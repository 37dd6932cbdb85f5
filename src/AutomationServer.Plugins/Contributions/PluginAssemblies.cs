using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace AutomationServer.Plugins.Contributions;

/// <summary>
/// Which plugin a type belongs to: by its assembly's load context (every assembly of a plugin shares
/// one) or by an explicitly added assembly. Lets <c>IPluginStateStore&lt;TPlugin&gt;</c> and
/// <c>IPluginSecrets&lt;TPlugin&gt;</c> find their plugin from the type argument alone.
/// </summary>
public sealed class PluginAssemblies
{
    private readonly ConcurrentDictionary<AssemblyLoadContext, string> _byContext = new();
    private readonly ConcurrentDictionary<Assembly, string> _byAssembly = new();

    /// <summary>Every assembly loaded into <paramref name="context"/> belongs to <paramref name="pluginId"/>.</summary>
    public void AddContext(AssemblyLoadContext context, string pluginId) => _byContext[context] = pluginId;

    /// <summary>For plugins whose assembly lives in the default context (tests, in-process plugins).</summary>
    public void AddAssembly(Assembly assembly, string pluginId) => _byAssembly[assembly] = pluginId;

    public string? FindPluginId(Type type)
    {
        if (_byAssembly.TryGetValue(type.Assembly, out var id))
        {
            return id;
        }

        var context = AssemblyLoadContext.GetLoadContext(type.Assembly);
        return context is not null && _byContext.TryGetValue(context, out id) ? id : null;
    }

    /// <summary>The plugin id of <paramref name="type"/>; throws when the type belongs to no plugin.</summary>
    public string GetPluginId(Type type) =>
        FindPluginId(type) ?? throw new InvalidOperationException($"{type.FullName} does not belong to a loaded plugin; use a type from the plugin's own assembly.");
}
