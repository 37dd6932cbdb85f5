namespace AutomationServer.Plugins.Loading;

/// <summary>A plugin asked for something the host refuses (a duplicate activity, invalid options...); its message is the plugin's status reason.</summary>
public sealed class PluginConfigurationException(string message) : Exception(message);
