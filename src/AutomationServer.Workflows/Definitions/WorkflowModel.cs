using System.Text.Json.Nodes;

namespace AutomationServer.Workflows.Definitions;

/// <summary>
/// A workflow definition as read from Elsa 3 workflow-definition JSON. <see cref="Document"/> keeps
/// the whole normalised document so that export gives back every field, including ones this engine
/// does not interpret; the typed members are views over it used by validation and execution.
/// </summary>
public sealed class WorkflowModel
{
    public required JsonObject Document { get; init; }

    public required string DefinitionId { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public int Version { get; init; } = 1;

    public required IReadOnlyList<VariableModel> Variables { get; init; }

    public required FlowchartModel Root { get; init; }
}

/// <summary>The root <c>Elsa.Flowchart</c>: its activities and the connections between their ports.</summary>
public sealed class FlowchartModel
{
    public required string Id { get; init; }

    public required IReadOnlyList<ActivityModel> Activities { get; init; }

    public required IReadOnlyList<ConnectionModel> Connections { get; init; }
}

/// <summary>One node. <see cref="Json"/> is the node's JSON object as stored (inputs, metadata, custom properties).</summary>
public sealed class ActivityModel
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public int Version { get; init; } = 1;

    public string? Name { get; init; }

    public required JsonObject Json { get; init; }

    /// <summary>Designer position from <c>metadata.designer.position</c>, when present.</summary>
    public (double X, double Y)? Position { get; init; }
}

/// <summary>A connection from a source node's port (outcome) to a target node.</summary>
public sealed record ConnectionModel(string SourceId, string SourcePort, string TargetId, string? TargetPort);

/// <summary>A workflow variable as declared in the definition.</summary>
public sealed record VariableModel(string Id, string Name, string TypeName, JsonNode? Value);
