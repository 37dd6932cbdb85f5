namespace AutomationServer.Plugins.Loading;

/// <summary>An active plugin: where it came from, its load context and the activity types it registered.</summary>
internal sealed record LoadedPlugin(string Id, string Version, string Directory, string EntryAssemblyPath, LoadedPluginAssembly Assembly, IReadOnlyList<Type> ActivityTypes);
