namespace AutomationServer.Sdk.Activities;

/// <summary>
/// Describes an activity to the engine and the designer. The type name and version are what stored
/// workflows refer to, so they must never change for a published activity; the CLR type name may.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeName) : Attribute
{
    /// <summary>Stable type name stored in workflow JSON, e.g. <c>Email.Send</c> or <c>Elsa.Delay</c>.</summary>
    public string TypeName { get; } = typeName;

    public int Version { get; set; } = 1;

    public string Category { get; set; } = "General";

    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>The ports this activity can leave through. Defaults to a single <c>Done</c> port.</summary>
    public string[] Outcomes { get; set; } = [ActivityResult.DonePort];

    /// <summary>True when the ports depend on the node's inputs (e.g. switch cases), so they cannot be listed up front.</summary>
    public bool DynamicOutcomes { get; set; }

    /// <summary>True when the activity can wait (create a bookmark). A loop must contain at least one such activity.</summary>
    public bool MaySuspend { get; set; }
}
