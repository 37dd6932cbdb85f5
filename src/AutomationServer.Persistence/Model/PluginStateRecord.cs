namespace AutomationServer.Persistence.Model;

/// <summary>One value of a plugin's key/value state.</summary>
public sealed class PluginStateRecord
{
    public string PluginId { get; set; } = "";

    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
