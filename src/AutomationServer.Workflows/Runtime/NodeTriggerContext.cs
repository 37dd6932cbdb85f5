using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Runtime;

/// <summary>The instance-free context a trigger node sees while it is indexed or asked to accept a stimulus.</summary>
internal sealed class NodeTriggerContext(string activityId, IExpressionEvaluator evaluator) : TriggerContext
{
    public override string ActivityId => activityId;

    public override T? Get<T>(Input<T>? input) where T : default
    {
        if (input?.Expression is not { } expression)
        {
            return default;
        }

        return expression.Type == ExpressionSyntax.Literal && expression.Value is T value
            ? value
            : (T?)evaluator.Evaluate(expression, typeof(T), null);
    }
}
