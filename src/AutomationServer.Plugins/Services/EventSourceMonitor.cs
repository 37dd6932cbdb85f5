using System.Collections.Concurrent;

namespace AutomationServer.Plugins.Services;

public enum EventSourceStatus
{
    Running,

    /// <summary>It failed and waits for its next start; see <see cref="EventSourceState.LastError"/>.</summary>
    Restarting,

    /// <summary>Not running: the server is shutting down, or the source returned by itself.</summary>
    Stopped,
}

/// <param name="Source">The implementing type's full name.</param>
/// <param name="Failures">Failures since the source last ran long enough to count as healthy.</param>
public sealed record EventSourceState(
    string PluginId,
    string Source,
    EventSourceStatus Status,
    string? LastError,
    DateTimeOffset? LastFailureAt,
    int Failures,
    DateTimeOffset? NextStartAt);

/// <summary>What each plugin event source is doing now, for the plugin API.</summary>
public sealed class EventSourceMonitor
{
    private readonly ConcurrentDictionary<int, EventSourceState> _states = new();

    public IReadOnlyList<EventSourceState> GetStates() =>
        _states.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();

    public IReadOnlyList<EventSourceState> GetStates(string pluginId) =>
        GetStates().Where(state => string.Equals(state.PluginId, pluginId, StringComparison.OrdinalIgnoreCase)).ToList();

    // Keyed by registration position: one plugin may run the same source type twice.
    internal void Set(int slot, EventSourceState state) => _states[slot] = state;

    internal EventSourceState? Get(int slot) => _states.GetValueOrDefault(slot);
}
