namespace AutomationServer.Plugins.Services;

/// <summary>The <c>PluginHost</c> configuration section: how the host runs plugins' background work.</summary>
public sealed class PluginHostOptions
{
    public const string SectionName = "PluginHost";

    /// <summary>Wait before restarting an event source after its first failure; doubled after each further failure.</summary>
    public TimeSpan EventSourceRestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts. A source that ran at least this long before failing starts over at the shortest wait.</summary>
    public TimeSpan EventSourceMaxRestartDelay { get; set; } = TimeSpan.FromMinutes(5);
}
