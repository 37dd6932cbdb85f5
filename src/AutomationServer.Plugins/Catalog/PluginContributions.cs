namespace AutomationServer.Plugins.Catalog;

/// <summary>What a plugin added to the server, by the names other parts of the server know it by.</summary>
public sealed record PluginContributions
{
    public static PluginContributions None { get; } = new();

    /// <summary>Activity types as <c>TypeName@Version</c>.</summary>
    public IReadOnlyList<string> Activities { get; init; } = [];

    public IReadOnlyList<string> Channels { get; init; } = [];

    public IReadOnlyList<string> Connectors { get; init; } = [];

    public IReadOnlyList<string> ModelProviders { get; init; } = [];

    /// <summary>Event sources by their implementing type's full name.</summary>
    public IReadOnlyList<string> EventSources { get; init; } = [];

    public IReadOnlyList<string> RecurringJobs { get; init; } = [];

    /// <summary>True when the plugin maps endpoints under <c>/plugins/&lt;id&gt;/</c>.</summary>
    public bool Endpoints { get; init; }
}
