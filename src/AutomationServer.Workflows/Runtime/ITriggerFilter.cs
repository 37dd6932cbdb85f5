using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Implemented by a trigger activity that looks at a stimulus before a workflow starts from it: a
/// stimulus matches a trigger by name and key only, so property filters and thresholds (an order over
/// 100, a score crossing 50) are decided here. A declined stimulus starts nothing.
/// </summary>
public interface ITriggerFilter
{
    bool Accepts(TriggerContext context, StimulusInfo stimulus);
}

/// <summary>Asks a matched trigger node whether it accepts the stimulus.</summary>
public sealed class TriggerAcceptance(IExpressionEvaluator evaluator)
{
    public bool Accepts(WorkflowBlueprint blueprint, string activityId, StimulusInfo stimulus) =>
        !blueprint.Nodes.TryGetValue(activityId, out var node)
        || node.Activity is not ITriggerFilter filter
        || filter.Accepts(new NodeTriggerContext(activityId, evaluator), stimulus);

    /// <summary>The instance-free context of a trigger node, for reading its literal inputs outside a run.</summary>
    public TriggerContext ContextFor(string activityId) => new NodeTriggerContext(activityId, evaluator);
}
