namespace AutomationServer.Workflows.Persistence;

/// <summary>
/// The table behind plugins' key/value state: one row per plugin id and key, in the application database
/// so every node of a cluster sees the same values. Callers validate keys and values before they get here.
/// </summary>
public interface IPluginStateStorage
{
    Task<string?> GetAsync(string pluginId, string key, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the value in one statement, so concurrent writers of one key never fail each other: the last one wins.</summary>
    Task SetAsync(string pluginId, string key, string value, DateTime updatedAtUtc, CancellationToken cancellationToken);

    /// <summary>True when the key existed.</summary>
    Task<bool> DeleteAsync(string pluginId, string key, CancellationToken cancellationToken);
}
