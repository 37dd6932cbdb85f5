using AutomationServer.Sdk.Plugins;

namespace AutomationPlugins.Utilities;

/// <summary>The utilities plugin's inventory.</summary>
public sealed class UtilitiesPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        plugin.AddOptions<UtilitiesOptions>();
        plugin.AddActivity<TextMatch>();
    }
}
