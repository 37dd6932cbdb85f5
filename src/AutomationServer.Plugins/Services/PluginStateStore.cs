using System.Text;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Plugins.Services;

/// <summary>Size limits of a plugin's key/value state: it is for cursors and tokens, not documents.</summary>
public static class PluginStateLimits
{
    public const int MaxKeyLength = 200;

    /// <summary>Measured in UTF-8 bytes.</summary>
    public const int MaxValueBytes = 64 * 1024;
}

/// <summary>The host's <see cref="IPluginStateStore{TPlugin}"/>: the plugin's rows of the shared state table.</summary>
public sealed class PluginStateStore<TPlugin>(PluginAssemblies plugins, IPluginStateStorage storage, TimeProvider time) : IPluginStateStore<TPlugin>
{
    private readonly string _pluginId = plugins.GetPluginId(typeof(TPlugin));

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return await storage.GetAsync(_pluginId, key, cancellationToken);
    }

    public async ValueTask SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > PluginStateLimits.MaxValueBytes)
        {
            throw new ArgumentException(
                $"The value for key '{key}' of plugin {_pluginId} is {bytes} bytes (UTF-8); at most {PluginStateLimits.MaxValueBytes} are allowed.",
                nameof(value));
        }

        await storage.SetAsync(_pluginId, key, value, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return await storage.DeleteAsync(_pluginId, key, cancellationToken);
    }

    private void ValidateKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"A state key of plugin {_pluginId} must not be empty.", nameof(key));
        }

        if (key.Length > PluginStateLimits.MaxKeyLength)
        {
            throw new ArgumentException(
                $"The state key '{key[..40]}...' of plugin {_pluginId} is {key.Length} characters long; at most {PluginStateLimits.MaxKeyLength} are allowed.",
                nameof(key));
        }
    }
}
