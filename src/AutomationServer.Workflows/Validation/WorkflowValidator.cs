using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Journeys;

namespace AutomationServer.Workflows.Validation;

/// <summary>
/// Finds every problem of a workflow definition against the installed activities: types, ids, connections,
/// ports, inputs, expressions, reachability and loops. Each problem names its node (and field). For
/// connection problems <see cref="ValidationProblem.Field"/> is the source port, which with the node
/// identifies the edge.
/// </summary>
public sealed class WorkflowValidator(
    ActivityRegistry registry,
    IExpressionEvaluator evaluator,
    IEnumerable<IJourneyExitEvaluator>? exitEvaluators = null,
    IEnumerable<ILiteralFormatChecker>? literalFormats = null)
{
    private const string DefaultTargetPort = "In";
    private readonly IJourneyExitEvaluator? _exitEvaluator = exitEvaluators?.LastOrDefault();
    private readonly Dictionary<string, ILiteralFormatChecker> _formats =
        (literalFormats ?? []).GroupBy(f => f.Format, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IReadOnlyList<ValidationProblem> Validate(WorkflowModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<ValidationProblem>();
        var activities = model.Root.Activities;
        var descriptors = activities.Select(a => registry.Find(a.Type, a.Version)).ToArray();

        CheckTypes(activities, descriptors, problems);
        var nodeIndex = CheckIds(activities, problems);
        var edges = CheckConnections(model.Root.Connections, activities, descriptors, nodeIndex, problems);

        var inputRules = new InputRules(evaluator, KnownVariables(model), _formats);
        for (var i = 0; i < activities.Count; i++)
        {
            if (descriptors[i] is { } descriptor)
            {
                inputRules.Check(activities[i], descriptor, problems);
            }
        }

        CheckGraph(activities, descriptors, nodeIndex, edges, problems);
        CheckJourneyRules(model, problems);
        return problems;
    }

    private void CheckJourneyRules(WorkflowModel model, List<ValidationProblem> problems)
    {
        var rules = JourneyRulesReader.Read(model.Document, problems);
        foreach (var condition in rules.Exits)
        {
            if (_exitEvaluator is null)
            {
                problems.Add(new ValidationProblem(ValidationCodes.InvalidJourneyRule,
                    $"{condition.Path} cannot be checked: this server has no audience to evaluate exit and goal conditions.", Field: condition.Path));
                continue;
            }

            problems.AddRange(_exitEvaluator.Validate(condition));
        }
    }

    private void CheckTypes(IReadOnlyList<ActivityModel> activities, ActivityDescriptor?[] descriptors, List<ValidationProblem> problems)
    {
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            // The reader already reports nested flowcharts (NestedFlowchart).
            if (descriptors[i] is not null || activity.Type == ElsaFormat.FlowchartType)
            {
                continue;
            }

            var message = activity.Type.Length == 0
                ? $"{InputRules.Describe(activity)} has no type."
                : registry.FindLatest(activity.Type) is { } latest
                    ? $"{InputRules.Describe(activity)} uses version {activity.Version} of '{activity.Type}', which is not installed (the latest installed version is {latest.Version})."
                    : $"{InputRules.Describe(activity)} has type '{activity.Type}', which is not installed.";
            problems.Add(new ValidationProblem(ValidationCodes.UnknownActivityType, message, activity.Id, "type"));
        }
    }

    /// <summary>Reports repeated ids and maps each id to its first node, the one connections resolve to.</summary>
    private static Dictionary<string, int> CheckIds(IReadOnlyList<ActivityModel> activities, List<ValidationProblem> problems)
    {
        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < activities.Count; i++)
        {
            if (!nodeIndex.TryAdd(activities[i].Id, i))
            {
                problems.Add(new ValidationProblem(ValidationCodes.DuplicateActivityId, $"Activity id '{activities[i].Id}' is used by more than one activity (activities {nodeIndex[activities[i].Id]} and {i}).", activities[i].Id, "id"));
            }
        }

        return nodeIndex;
    }

    private static List<(int From, int To)> CheckConnections(
        IReadOnlyList<ConnectionModel> connections,
        IReadOnlyList<ActivityModel> activities,
        ActivityDescriptor?[] descriptors,
        Dictionary<string, int> nodeIndex,
        List<ValidationProblem> problems)
    {
        var edges = new List<(int, int)>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var connection in connections)
        {
            var hasSource = nodeIndex.TryGetValue(connection.SourceId, out var source);
            var hasTarget = nodeIndex.TryGetValue(connection.TargetId, out var target);
            var route = $"'{connection.SourceId}' ({connection.SourcePort}) → '{connection.TargetId}'";
            if (!hasSource || !hasTarget)
            {
                var missing = (hasSource, hasTarget) switch
                {
                    (false, false) => $"neither '{connection.SourceId}' nor '{connection.TargetId}' is an activity of the flowchart",
                    (false, _) => $"its source '{connection.SourceId}' is not an activity of the flowchart",
                    _ => $"its target '{connection.TargetId}' is not an activity of the flowchart",
                };
                problems.Add(new ValidationProblem(ValidationCodes.DanglingConnection, $"The connection {route} is dangling: {missing}.", hasSource ? connection.SourceId : hasTarget ? connection.TargetId : connection.SourceId, connection.SourcePort));
                continue;
            }

            if (!seen.Add((connection.SourceId, connection.SourcePort, connection.TargetId, connection.TargetPort ?? DefaultTargetPort)))
            {
                problems.Add(new ValidationProblem(ValidationCodes.DuplicateConnection, $"The connection {route} appears more than once.", connection.SourceId, connection.SourcePort));
                continue;
            }

            if (descriptors[source] is { DynamicOutcomes: false } descriptor && !descriptor.Outcomes.Contains(connection.SourcePort, StringComparer.Ordinal))
            {
                problems.Add(new ValidationProblem(
                    ValidationCodes.UnknownPort,
                    $"{InputRules.Describe(activities[source])} has no port '{connection.SourcePort}' (its ports: {string.Join(", ", descriptor.Outcomes)}).",
                    connection.SourceId,
                    connection.SourcePort));
            }

            edges.Add((source, target));
        }

        return edges;
    }

    private static void CheckGraph(
        IReadOnlyList<ActivityModel> activities,
        ActivityDescriptor?[] descriptors,
        Dictionary<string, int> nodeIndex,
        List<(int From, int To)> edges,
        List<ValidationProblem> problems)
    {
        if (activities.Count == 0)
        {
            return;
        }

        // Later duplicates of an id are left out: connections cannot reach them, and they are reported already.
        var graph = new FlowGraph(activities.Count);
        foreach (var (from, to) in edges)
        {
            graph.AddEdge(from, to);
        }

        var nodes = nodeIndex.Values.Order().ToList();
        var entries = nodes.Where(i => activities[i].Type == ElsaFormat.StartType || descriptors[i]?.IsTrigger == true).ToList();
        if (entries.Count == 0)
        {
            entries = nodes.Where(i => !graph.HasInbound(i)).ToList();
        }

        if (entries.Count == 0)
        {
            problems.Add(new ValidationProblem(ValidationCodes.NoStartNode, $"The flowchart has no place to start: add a start or trigger activity, or an activity without inbound connections.", Field: "root"));
        }
        else
        {
            var reached = graph.ReachableFrom(entries);
            foreach (var i in nodes.Where(i => !reached[i]))
            {
                problems.Add(new ValidationProblem(ValidationCodes.UnreachableNode, $"{InputRules.Describe(activities[i])} cannot be reached from any start of the flowchart.", activities[i].Id, Severity: ValidationSeverity.Warning));
            }
        }

        foreach (var component in graph.StronglyConnectedComponents())
        {
            var isLoop = component.Count > 1 || graph.HasSelfLoop(component[0]);
            if (isLoop && !component.Any(i => descriptors[i]?.MaySuspend == true))
            {
                const int listed = 10;
                var members = string.Join(", ", component.Take(listed).Select(i => $"'{activities[i].Id}'")) +
                              (component.Count > listed ? $" and {component.Count - listed} more" : "");
                problems.Add(new ValidationProblem(
                    ValidationCodes.LoopWithoutWait,
                    $"The loop through {members} has no activity that waits (such as a delay or an event), so it would run without end.",
                    activities[component[0]].Id));
            }
        }
    }

    /// <summary>Names an output may be bound to: workflow variables (by id or name), flowchart variables and workflow outputs.</summary>
    private static HashSet<string> KnownVariables(WorkflowModel model)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in model.Variables)
        {
            known.Add(variable.Id);
            known.Add(variable.Name);
        }

        AddNames(model.Document["outputs"], known, "name");
        AddNames((model.Document["root"] as JsonObject)?["variables"], known, "id", "name");
        return known;
    }

    private static void AddNames(JsonNode? list, HashSet<string> known, params string[] properties)
    {
        if (list is not JsonArray items)
        {
            return;
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            foreach (var property in properties)
            {
                if (item[property] is JsonValue value && value.TryGetValue<string>(out var name))
                {
                    known.Add(name);
                }
            }
        }
    }
}
