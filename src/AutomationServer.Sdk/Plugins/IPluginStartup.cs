namespace AutomationServer.Sdk.Plugins;

/// <summary>
/// The entry point of a plugin: exactly one public class in the entry assembly implements it and has a
/// parameterless constructor. <see cref="ConfigureServices"/> runs once while the server starts and
/// should read like an inventory of what the plugin contributes:
/// <code>
/// plugin.AddActivity&lt;SendWebhook&gt;();
/// plugin.AddChannel&lt;WebhookChannel&gt;();
/// </code>
/// If it throws, nothing it registered is kept and the plugin's status becomes Malfunctioned.
/// </summary>
public interface IPluginStartup
{
    void ConfigureServices(IPluginBuilder plugin);
}
