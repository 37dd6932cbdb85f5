using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>Continues through the port of each case whose condition holds (or the first one), else through Default.</summary>
[Activity("Elsa.FlowSwitch", Category = BuiltIn.CategoryFlow, DisplayName = "Switch", DynamicOutcomes = true, Outcomes = [DefaultPort], Description = "Continues through the first (or every) case whose condition holds, otherwise through Default.")]
public sealed class FlowSwitch : Activity
{
    public const string DefaultPort = "Default";

    [Input(Description = "Cases: a label (the port) and a condition each.", UIHint = UIHints.Cases, SupportsExpressions = false)]
    public Input<List<object?>> Cases { get; set; } = default!;

    [Input(Description = "MatchFirst continues through the first matching case, MatchAny through all of them.", UIHint = UIHints.Select, Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<string> Mode { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matchAny = string.Equals(context.Get(Mode), "MatchAny", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var item in context.Get(Cases) ?? [])
        {
            if (item is not IReadOnlyDictionary<string, object?> @case || @case.GetValueOrDefault("label") is not string label)
            {
                continue;
            }

            if (Holds(context, @case.GetValueOrDefault("condition")))
            {
                matched.Add(label);
                if (!matchAny)
                {
                    break;
                }
            }
        }

        return ValueTask.FromResult(matched.Count == 0 ? ActivityResult.Outcome(DefaultPort) : ActivityResult.Outcome(matched));
    }

    private static bool Holds(ActivityContext context, object? condition) => condition switch
    {
        IReadOnlyDictionary<string, object?> expression when expression.GetValueOrDefault("type") is string type =>
            context.Evaluate<bool>(new Expression(type, expression.GetValueOrDefault("value"))),
        null => false,
        _ => context.Evaluate<bool>(Expression.Literal(condition)),
    };
}
