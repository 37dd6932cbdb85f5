using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Journeys;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// A definition version compiled for execution: nodes with their bound activity objects and their
/// outgoing connections by port. Built once per version and shared by every instance on it.
/// </summary>
public sealed class WorkflowBlueprint
{
    internal WorkflowBlueprint(WorkflowModel model, Guid versionId, int version, IReadOnlyDictionary<string, FlowNode> nodes, IReadOnlyList<FlowNode> entryNodes)
    {
        Model = model;
        VersionId = versionId;
        Version = version;
        Nodes = nodes;
        EntryNodes = entryNodes;
        VariableNames = model.Variables.ToDictionary(v => v.Id, v => v.Name, StringComparer.Ordinal);
        Journey = JourneyRulesReader.Read(model.Document);
    }

    /// <summary>Entry rule and exit conditions (<c>customProperties.journey</c>); validated at publish, so problems are ignored here.</summary>
    public JourneyRules Journey { get; }

    public WorkflowModel Model { get; }

    public Guid VersionId { get; }

    public string DefinitionId => Model.DefinitionId;

    /// <summary>The stored version number (the document's own <c>version</c> field may lag behind it).</summary>
    public int Version { get; }

    public string Name => Model.Name;

    internal IReadOnlyDictionary<string, FlowNode> Nodes { get; }

    /// <summary>Where a run that was not started by a trigger begins.</summary>
    internal IReadOnlyList<FlowNode> EntryNodes { get; }

    /// <summary>Variable id → name (outputs and SetVariable refer to variables by id, Elsa's memory reference).</summary>
    internal IReadOnlyDictionary<string, string> VariableNames { get; }

    /// <summary>A variable's name from its id, or the text itself when it already is a name.</summary>
    internal string ResolveVariableName(string idOrName) => VariableNames.GetValueOrDefault(idOrName, idOrName);
}

/// <summary>One node of a blueprint.</summary>
internal sealed class FlowNode(ActivityModel model, ActivityDescriptor? descriptor, Activity? activity)
{
    private HashSet<string>? _ancestors;

    public string Id => Model.Id;

    public ActivityModel Model { get; } = model;

    /// <summary>Null when the activity type is unknown to this server (the node faults if reached).</summary>
    public ActivityDescriptor? Descriptor { get; } = descriptor;

    public Activity? Activity { get; } = activity;

    public Dictionary<string, List<FlowNode>> NextByPort { get; } = new(StringComparer.Ordinal);

    public List<FlowNode> Inbound { get; } = [];

    public IReadOnlyList<FlowNode> Next(string port) => NextByPort.TryGetValue(port, out var next) ? next : [];

    /// <summary>Every node from which this one can be reached (computed once, used by joins to cancel branches).</summary>
    public IReadOnlySet<string> Ancestors => _ancestors ??= ComputeAncestors();

    private HashSet<string> ComputeAncestors()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<FlowNode>(Inbound);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node != this && seen.Add(node.Id))
            {
                foreach (var inbound in node.Inbound)
                {
                    stack.Push(inbound);
                }
            }
        }

        return seen;
    }
}
