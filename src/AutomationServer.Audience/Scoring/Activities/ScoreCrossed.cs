using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Scoring.Activities;

/// <summary>
/// Starts a journey when a contact's score crosses <see cref="Threshold"/>: "up" from below it to at or above it, "down"
/// from at or above it to below it. Reached mid-flow it waits for this contact's score to cross; a change that does
/// not cross leaves it waiting.
/// </summary>
[Activity(TypeName, Category = ScoringActivities.Category, MaySuspend = true,
    Description = "Starts or resumes the journey when a contact's score crosses the threshold (up or down).")]
public sealed class ScoreCrossed : Activity, ITriggerActivity, ITriggerFilter
{
    public const string TypeName = "Audience.ScoreCrossed";

    [Input(Description = "The score to cross, e.g. 50.", Required = true, SupportsExpressions = false)]
    public Input<int> Threshold { get; set; } = default!;

    [Input(Description = "up (from below to at or above the threshold, the default) or down (from at or above to below).", SupportsExpressions = false)]
    public Input<string> Direction { get; set; } = default!;

    [Output(Description = "The change: contactId, from, to, delta, ruleId, reason.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = ScoreChange.Stimulus, Key = DirectionOf(context.Get(Direction)) }];

    public bool Accepts(TriggerContext context, StimulusInfo stimulus) =>
        Crosses(context.Get(Threshold), DirectionOf(context.Get(Direction)), stimulus);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is { } started)
        {
            context.Set(Result, started.Payload);
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return ValueTask.FromResult(Wait(context));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Stimulus is not { } stimulus || !Crosses(context.Get(Threshold), DirectionOf(context.Get(Direction)), stimulus))
        {
            return ValueTask.FromResult(Wait(context));
        }

        context.Set(Result, stimulus.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>Whether a change from → to crosses the threshold in the direction.</summary>
    public static bool Crosses(int threshold, string direction, int from, int to) =>
        direction == ScoreChange.Down ? from >= threshold && to < threshold : from < threshold && to >= threshold;

    private ActivityResult Wait(ActivityContext context) =>
        ActivityResult.Suspend(new BookmarkRequest { Stimulus = ScoreChange.Stimulus, Key = DirectionOf(context.Get(Direction)) });

    private static bool Crosses(int threshold, string direction, StimulusInfo stimulus) =>
        ScoringActivities.Number(stimulus.Payload, "from") is { } from
        && ScoringActivities.Number(stimulus.Payload, "to") is { } to
        && Crosses(threshold, direction, from, to);

    private static string DirectionOf(string? direction) =>
        string.Equals(direction?.Trim(), ScoreChange.Down, StringComparison.OrdinalIgnoreCase) ? ScoreChange.Down : ScoreChange.Up;
}
