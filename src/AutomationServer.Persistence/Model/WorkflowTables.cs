namespace AutomationServer.Persistence.Model;

/// <summary>Table names and column sizes of the workflow schema, shared by the model and the raw SQL of the providers.</summary>
public static class WorkflowTables
{
    public const string Definitions = "WorkflowDefinitions";
    public const string Instances = "WorkflowInstances";
    public const string Bookmarks = "WorkflowBookmarks";
    public const string Triggers = "WorkflowTriggers";
    public const string Incidents = "WorkflowIncidents";
    public const string PluginState = "PluginState";

    /// <summary>Definition ids, activity ids, correlation ids and stimulus hashes.</summary>
    public const int IdLength = 128;

    /// <summary>Display names and activity type names.</summary>
    public const int NameLength = 256;

    /// <summary>Keys of a plugin's key/value state.</summary>
    public const int PluginStateKeyLength = 200;

    /// <summary>Enum values stored as their names.</summary>
    public const int EnumLength = 16;
}
