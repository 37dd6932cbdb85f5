using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.Configuration;

namespace AutomationServer.Plugins.Services;

/// <summary>
/// The host's <see cref="IPluginSecrets{TPlugin}"/>: <c>Plugins:&lt;id&gt;:Secrets:&lt;name&gt;</c> from the server's
/// configuration, so an environment variable such as <c>Plugins__webhook__Secrets__SigningKey</c> overrides appsettings.json.
/// Read on every call, so a reloaded configuration takes effect. Values are never logged.
/// </summary>
public sealed class PluginSecrets<TPlugin>(PluginAssemblies plugins, IConfiguration configuration) : IPluginSecrets<TPlugin>
{
    private readonly string _pluginId = plugins.GetPluginId(typeof(TPlugin));

    /// <summary>The secret, or null when it is not configured or configured empty.</summary>
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A secret name of plugin {_pluginId} must be non-empty and must not contain ':'.", nameof(name));
        }

        var value = configuration[ConfigurationPath.Combine("Plugins", _pluginId, "Secrets", name)];
        return ValueTask.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }
}
