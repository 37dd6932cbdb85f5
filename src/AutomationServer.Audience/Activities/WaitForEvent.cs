using AutomationServer.Audience.Events;
using AutomationServer.Audience.Journeys;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;

namespace AutomationServer.Audience.Activities;

/// <summary>
/// Waits for the contact's next event of a name (matching the property filters), but no longer than the timeout:
/// continues through <c>Received</c> with the event, or through <c>TimedOut</c>. One wait, two bookmarks; whichever
/// comes first wins and the engine removes the other.
/// </summary>
[Activity(TypeName, Category = "Audience", MaySuspend = true, Outcomes = [ReceivedPort, TimedOutPort],
    Description = "Waits for a contact event, or continues through TimedOut when it does not come in time.")]
public sealed class WaitForEvent : Activity
{
    public const string TypeName = "Audience.WaitForEvent";
    public const string ReceivedPort = "Received";
    public const string TimedOutPort = "TimedOut";
    private const string TimerStimulus = TypeName + ".Timeout";

    private readonly EventFilter _filter = new();

    [Input(Description = "The event name, e.g. order_completed.", Required = true, SupportsExpressions = false)]
    public Input<string> EventName { get; set; } = default!;

    [Input(Description = "How long to wait: 4h, 3d, PT4H or 04:00:00.", Required = true, UIHint = UIHints.SingleLine)]
    [LiteralFormat(LiteralFormats.Duration)]
    public Input<string> Timeout { get; set; } = default!;

    [Input(Description = "Property filters in the segment rule syntax, all of which must hold.", UIHint = UIHints.Json, SupportsExpressions = false)]
    [LiteralFormat(WhereFilterFormat.Name)]
    public Input<object> Where { get; set; } = default!;

    [Output(Description = "The event that came: contactId, name, occurredAt, properties (nothing on timeout).")]
    public Output<object> Result { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.Get(Timeout);
        if (!JourneyDuration.TryParse(text, out var timeout))
        {
            throw new InvalidOperationException($"Timeout '{text}' is not {JourneyDuration.FormatHelp}.");
        }

        return ValueTask.FromResult(ActivityResult.Suspend([EventBookmark(context), BookmarkRequest.Timer(TimerStimulus, context.Now + timeout)]));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Stimulus is not { } stimulus)
        {
            return ValueTask.FromResult(ActivityResult.Outcome(TimedOutPort));
        }

        if (!_filter.Matches(Where, input => context.Get(input), stimulus))
        {
            // Not the event waited for: wait on for the next one; the timeout still stands.
            return ValueTask.FromResult(ActivityResult.Suspend(EventBookmark(context)));
        }

        context.Set(Result, stimulus.Payload);
        return ValueTask.FromResult(ActivityResult.Outcome(ReceivedPort));
    }

    private BookmarkRequest EventBookmark(ActivityContext context) => new() { Stimulus = AudienceStimuli.Event, Key = context.Get(EventName) };
}
