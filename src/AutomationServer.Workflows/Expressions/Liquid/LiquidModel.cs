using DotLiquid;

namespace AutomationServer.Workflows.Expressions.Liquid;

/// <summary>
/// What a Liquid template sees, named as Elsa 3 names it: <c>Variables</c>, <c>Input</c>, <c>Event</c> /
/// <c>Payload</c>, <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, each also in camel case
/// (<c>{{ variables.Name }}</c>).
/// </summary>
internal static class LiquidModel
{
    public static Hash Create(IExpressionScope scope)
    {
        var model = new Hash();
        Add(model, "Variables", AsDictionary(scope.Variables));
        Add(model, "Input", AsDictionary(scope.Input));
        Add(model, "Event", scope.StimulusPayload);
        Add(model, "Payload", scope.StimulusPayload);
        Add(model, "WorkflowInstanceId", scope.WorkflowInstanceId.ToString("D"));
        Add(model, "CorrelationId", scope.CorrelationId);
        return model;
    }

    private static void Add(Hash model, string name, object? value)
    {
        model[name] = value;
        model[char.ToLowerInvariant(name[0]) + name[1..]] = value;
    }

    /// <summary>DotLiquid looks members up through the non-generic <see cref="System.Collections.IDictionary"/>; other maps are copied into one.</summary>
    private static object AsDictionary(IEnumerable<KeyValuePair<string, object?>> map) =>
        map is System.Collections.IDictionary ? map : map.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
