using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Scoring.Activities;

/// <summary>
/// Starts a journey when a contact's lifecycle stage becomes <see cref="To"/> (optionally only coming from
/// <see cref="From"/>), or, reached mid-flow, waits for this contact's stage to change so.
/// </summary>
[Activity(TypeName, Category = ScoringActivities.Category, MaySuspend = true,
    Description = "Starts or resumes the journey when a contact's lifecycle stage changes to the given stage.")]
public sealed class LifecycleStageChanged : Activity, ITriggerActivity, ITriggerFilter
{
    public const string TypeName = "Audience.LifecycleStageChanged";

    [Input(Description = "The stage the contact moves to, e.g. customer.", Required = true, UIHint = UIHints.StagePicker, SupportsExpressions = false)]
    public Input<string> To { get; set; } = default!;

    [Input(Description = "Only when the contact comes from this stage; empty: from any stage.", UIHint = UIHints.StagePicker, SupportsExpressions = false)]
    public Input<string> From { get; set; } = default!;

    [Output(Description = "The change: contactId, from, to, reason.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = StageChange.Stimulus, Key = context.Get(To) }];

    public bool Accepts(TriggerContext context, StimulusInfo stimulus) => Matches(context.Get(From), stimulus);

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
        if (context.Stimulus is not { } stimulus || !Matches(context.Get(From), stimulus))
        {
            return ValueTask.FromResult(Wait(context));
        }

        context.Set(Result, stimulus.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    private ActivityResult Wait(ActivityContext context) =>
        ActivityResult.Suspend(new BookmarkRequest { Stimulus = StageChange.Stimulus, Key = context.Get(To) });

    private static bool Matches(string? from, StimulusInfo stimulus) =>
        string.IsNullOrWhiteSpace(from) || string.Equals(ScoringActivities.Text(stimulus.Payload, "from"), from.Trim(), StringComparison.Ordinal);
}
