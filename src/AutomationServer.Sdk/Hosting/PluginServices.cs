namespace AutomationServer.Sdk.Hosting;

/// <summary>
/// A small persistent key/value store private to one plugin (cursors, tokens, last-seen ids), shared by
/// every node of a cluster. <typeparamref name="TPlugin"/> is any type of the plugin's entry assembly
/// (usually its startup class): it tells the host whose state this is.
/// </summary>
public interface IPluginStateStore<TPlugin>
{
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    ValueTask SetAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>True when the key existed.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>
/// Secrets of one plugin (API tokens, passwords), read from <c>Plugins:&lt;id&gt;:Secrets:&lt;name&gt;</c>
/// in the server's configuration (environment variables on a production server), never written to logs
/// or returned by the API. <typeparamref name="TPlugin"/> is any type of the plugin's entry assembly.
/// </summary>
public interface IPluginSecrets<TPlugin>
{
    /// <summary>The secret, or null when it is not configured.</summary>
    ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Work a plugin runs on a schedule; see <see cref="Plugins.IPluginBuilder.AddRecurringJob{TJob}"/>.</summary>
public interface IPluginJob
{
    /// <summary>One occurrence. An exception is logged; the next occurrence runs as scheduled.</summary>
    Task ExecuteAsync(CancellationToken cancellationToken);
}
