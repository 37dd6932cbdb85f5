using AutomationServer.Audience.Events;
using AutomationServer.Audience.Journeys;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Audience.Activities;

/// <summary>
/// Starts a journey when a contact event of the given name (and matching the property filters) is tracked, or,
/// reached mid-flow, waits for that contact's next such event (the instance's correlation id is the contact id).
/// </summary>
[Activity(TypeName, Category = "Audience", MaySuspend = true, Description = "Starts or resumes the journey when a contact event with this name is tracked.")]
public sealed class EventReceived : Activity, ITriggerActivity, ITriggerFilter
{
    public const string TypeName = "Audience.EventReceived";

    private readonly EventFilter _filter = new();

    [Input(Description = "The event name, e.g. order_completed.", Required = true, UIHint = UIHints.EventNamePicker, SupportsExpressions = false)]
    public Input<string> EventName { get; set; } = default!;

    [Input(Description = "Property filters in the segment rule syntax, all of which must hold, e.g. [{\"property\": \"total\", \"op\": \"gt\", \"value\": 100}].",
        UIHint = UIHints.Json, SupportsExpressions = false)]
    [LiteralFormat(WhereFilterFormat.Name)]
    public Input<object> Where { get; set; } = default!;

    [Output(Description = "The event: contactId, name, occurredAt, properties.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = AudienceStimuli.Event, Key = context.Get(EventName) }];

    public bool Accepts(TriggerContext context, StimulusInfo stimulus) => _filter.Matches(Where, input => context.Get(input), stimulus);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is { } stimulus)
        {
            context.Set(Result, stimulus.Payload);
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return ValueTask.FromResult(Wait(context));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Stimulus is { } stimulus && !_filter.Matches(Where, input => context.Get(input), stimulus))
        {
            // Same name, but not the event this step waits for (an order of 50 where over 100 is wanted): keep waiting.
            return ValueTask.FromResult(Wait(context));
        }

        context.Set(Result, context.Stimulus?.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    private ActivityResult Wait(ActivityContext context) => ActivityResult.Suspend(new BookmarkRequest
    {
        Stimulus = AudienceStimuli.Event,
        Key = context.Get(EventName),
    });
}
