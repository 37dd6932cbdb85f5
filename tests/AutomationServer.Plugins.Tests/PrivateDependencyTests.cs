using System.Reflection;
using System.Runtime.Loader;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Tests.Infrastructure;

namespace AutomationServer.Plugins.Tests;

public sealed class PrivateDependencyTests : IDisposable
{
    private readonly TempPluginsDirectory _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public void Two_plugins_load_two_versions_of_one_library_side_by_side()
    {
        var v1Folder = _plugins.Install("PrivateDependencyV1");
        var v2Folder = _plugins.Install("PrivateDependencyV2");

        var host = PluginHostHarness.Load(_plugins.Path);

        Assert.Equal(PluginStatus.Active, host.Entry("fixture.private-dependency-v1").Status);
        Assert.Equal(PluginStatus.Active, host.Entry("fixture.private-dependency-v2").Status);

        var v1 = LoadedFrom(v1Folder, "Fixture.PrivateDependencyV1");
        var v2 = LoadedFrom(v2Folder, "Fixture.PrivateDependencyV2");
        Assert.Equal("greeting v1", Describe(v1, "Fixture.PrivateDependencyV1.Greet"));
        Assert.Equal("greeting v2", Describe(v2, "Fixture.PrivateDependencyV2.Greet"));

        var library1 = AssemblyLoadContext.GetLoadContext(v1)!.Assemblies.Single(a => a.GetName().Name == "Fixture.Greeting");
        var library2 = AssemblyLoadContext.GetLoadContext(v2)!.Assemblies.Single(a => a.GetName().Name == "Fixture.Greeting");
        Assert.Equal(new Version(1, 0, 0, 0), library1.GetName().Version);
        Assert.Equal(new Version(2, 0, 0, 0), library2.GetName().Version);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Fixture.Greeting");
    }

    [Fact]
    public void The_sdk_is_shared_with_the_host_not_loaded_again()
    {
        var folder = _plugins.Install("PrivateDependencyV1");

        PluginHostHarness.Load(_plugins.Path);

        var plugin = LoadedFrom(folder, "Fixture.PrivateDependencyV1");
        var context = AssemblyLoadContext.GetLoadContext(plugin)!;
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "AutomationServer.Sdk");
    }

    /// <summary>The plugin assembly loaded from this test's own folder (other tests load the same fixture elsewhere).</summary>
    private static Assembly LoadedFrom(string folder, string assemblyName) =>
        AssemblyLoadContext.All
            .SelectMany(c => c.Assemblies)
            .Single(a => a.GetName().Name == assemblyName && IsFrom(a, folder));

    private static bool IsFrom(Assembly assembly, string folder)
    {
        var context = AssemblyLoadContext.GetLoadContext(assembly);
        return context?.Name?.Contains(folder, StringComparison.Ordinal) == true || assembly.Location.StartsWith(folder, StringComparison.Ordinal);
    }

    private static string Describe(Assembly plugin, string typeName) =>
        (string)plugin.GetType(typeName, throwOnError: true)!.GetMethod("Describe")!.Invoke(null, null)!;
}
