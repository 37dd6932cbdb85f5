using System.Collections.Concurrent;
using System.Reflection;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Turns a validated <see cref="WorkflowModel"/> into a <see cref="WorkflowBlueprint"/>: creates each
/// node's activity object and binds its <see cref="Input{T}"/> / <see cref="Output{T}"/> properties
/// from the node's JSON. Reflection happens here, once per version, never while running.
/// </summary>
public sealed class BlueprintCompiler(ActivityRegistry registry)
{
    private static readonly ConcurrentDictionary<Type, Func<Expression?, Input>> InputFactories = new();
    private static readonly ConcurrentDictionary<Type, Func<string?, Output>> OutputFactories = new();

    public WorkflowBlueprint Compile(WorkflowModel model, Guid versionId, int version)
    {
        var variableNames = model.Variables.ToDictionary(v => v.Id, v => v.Name, StringComparer.Ordinal);
        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var activityModel in model.Root.Activities)
        {
            var descriptor = registry.Find(activityModel.Type, activityModel.Version);
            var activity = descriptor is null ? null : Bind(descriptor, activityModel, variableNames);
            nodes.TryAdd(activityModel.Id, new FlowNode(activityModel, descriptor, activity));
        }

        foreach (var connection in model.Root.Connections)
        {
            if (!nodes.TryGetValue(connection.SourceId, out var source) || !nodes.TryGetValue(connection.TargetId, out var target))
            {
                continue;
            }

            if (!source.NextByPort.TryGetValue(connection.SourcePort, out var targets))
            {
                source.NextByPort[connection.SourcePort] = targets = [];
            }

            if (!targets.Contains(target))
            {
                targets.Add(target);
                target.Inbound.Add(source);
            }
        }

        return new WorkflowBlueprint(model, versionId, version, nodes, FindEntryNodes(nodes.Values));
    }

    /// <summary>Elsa's rule: an explicit Start node, else the trigger nodes, else every node nothing points to.</summary>
    private static List<FlowNode> FindEntryNodes(IEnumerable<FlowNode> nodes)
    {
        var all = nodes.ToList();
        var starts = all.Where(n => n.Model.Type == BuiltIn.StartType).ToList();
        if (starts.Count > 0)
        {
            return starts;
        }

        var triggers = all.Where(n => n.Descriptor?.IsTrigger == true && n.Inbound.Count == 0).ToList();
        return triggers.Count > 0 ? triggers : all.Where(n => n.Inbound.Count == 0).ToList();
    }

    private static Activity Bind(ActivityDescriptor descriptor, ActivityModel node, IReadOnlyDictionary<string, string> variableNames)
    {
        var activity = ActivityRegistry.CreateInstance(descriptor);
        var type = activity.GetType();
        foreach (var input in descriptor.Inputs)
        {
            var expression = InputJson.ReadExpression(node.Json[input.Name])
                ?? (input.DefaultValue is null ? null : Expression.Literal(input.DefaultValue));
            var property = type.GetProperty(input.PropertyName, BindingFlags.Public | BindingFlags.Instance)!;
            property.SetValue(activity, InputFactories.GetOrAdd(input.ValueType!, CreateInputFactory)(expression));
        }

        foreach (var output in descriptor.Outputs)
        {
            var reference = InputJson.ReadOutputBinding(node.Json[output.Name]);
            var variable = reference is null ? null : variableNames.GetValueOrDefault(reference, reference);
            var property = type.GetProperty(output.PropertyName, BindingFlags.Public | BindingFlags.Instance)!;
            property.SetValue(activity, OutputFactories.GetOrAdd(property.PropertyType.GetGenericArguments()[0], CreateOutputFactory)(variable));
        }

        return activity;
    }

    private static Func<Expression?, Input> CreateInputFactory(Type valueType)
    {
        var inputType = typeof(Input<>).MakeGenericType(valueType);
        var constructor = inputType.GetConstructor([typeof(Expression)])!;
        return expression => (Input)constructor.Invoke([expression]);
    }

    private static Func<string?, Output> CreateOutputFactory(Type valueType)
    {
        var outputType = typeof(Output<>).MakeGenericType(valueType);
        var constructor = outputType.GetConstructor([typeof(string)])!;
        return variable => (Output)constructor.Invoke([variable]);
    }
}
