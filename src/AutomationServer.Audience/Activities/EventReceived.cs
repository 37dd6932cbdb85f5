using AutomationServer.Audience.Events;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Audience.Activities;

/// <summary>
/// Starts a journey when a contact event of the given name is tracked, or, reached mid-flow, waits for that contact's
/// next such event (the instance's correlation id is the contact id).
/// </summary>
[Activity(TypeName, Category = "Audience", MaySuspend = true, Description = "Starts or resumes the journey when a contact event with this name is tracked.")]
public sealed class EventReceived : Activity, ITriggerActivity
{
    public const string TypeName = "Audience.EventReceived";

    [Input(Description = "The event name, e.g. order_completed.", Required = true, UIHint = UIHints.EventNamePicker, SupportsExpressions = false)]
    public Input<string> EventName { get; set; } = default!;

    [Output(Description = "The event: contactId, name, occurredAt, properties.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = AudienceStimuli.Event, Key = context.Get(EventName) }];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is { } stimulus)
        {
            context.Set(Result, stimulus.Payload);
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest
        {
            Stimulus = AudienceStimuli.Event,
            Key = context.Get(EventName),
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        context.Set(Result, context.Stimulus?.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
