namespace AutomationPlugins.Email;

/// <summary>A setting or secret the plugin needs at send time is missing or unusable: retried until it is fixed.</summary>
internal sealed class EmailConfigurationException(string message) : InvalidOperationException(message);
