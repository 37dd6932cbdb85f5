using AutomationServer.Sdk.Activities;

namespace AutomationServer.Workflows.Activities;

/// <summary>
/// Starts the workflow when the named event is posted, or, reached mid-flow, waits for it. A posted
/// event with a correlation id only resumes instances with that correlation id.
/// </summary>
[Activity(BuiltIn.EventType, Category = BuiltIn.CategoryPrimitives, MaySuspend = true, Description = "Starts or resumes the workflow when the named event is received.")]
public sealed class Event : Activity, ITriggerActivity
{
    [Input(Description = "The name of the event.", Required = true, SupportsExpressions = false)]
    public Input<string> EventName { get; set; } = default!;

    [Output(Description = "The event payload.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = BuiltIn.EventType, Key = context.Get(EventName) }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is { } stimulus)
        {
            context.Set(Result, stimulus.Payload);
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest { Stimulus = BuiltIn.EventType, Key = context.Get(EventName) }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        context.Set(Result, context.Stimulus?.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
