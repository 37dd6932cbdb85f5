using AutomationServer.Audience.Events;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Descriptors;

namespace AutomationServer.Audience.DateTriggers;

/// <summary>
/// Starts a journey for each contact whose date attribute (birthday, anniversary, trial end), moved by an offset in
/// days, is reached at a time of day in the contact's own time zone. <see cref="DateTriggerScanner"/> finds the
/// contacts; this activity only names what to look for. A trigger only: there is nothing for it to wait for mid-flow.
/// </summary>
[Activity(TypeName, Category = "Audience",
    Description = "Starts the journey for each contact when a date attribute (birthday, anniversary, trial end), plus an offset in days, is reached at a time of day in the contact's time zone.")]
public sealed class DateReached : Activity, ITriggerActivity
{
    public const string TypeName = AudienceStimuli.DateReached;

    [Input(Description = "The contact attribute of type date or datetime, e.g. birthday or trial_end.", Required = true, UIHint = UIHints.AttributePicker, SupportsExpressions = false, Order = 0)]
    public Input<string> Attribute { get; set; } = default!;

    [Input(Description = "Days after the date (negative: before it). -3 = three days before, 7 = a week after. Default 0.", DefaultValue = 0, SupportsExpressions = false, Order = 1)]
    public Input<int> OffsetDays { get; set; } = default!;

    [Input(Description = "Time of day in the contact's time zone, 24-hour HH:mm. Contacts without a time zone use Audience:DefaultTimeZone. Default 09:00.",
        DefaultValue = DateTriggerKey.DefaultTimeOfDay, SupportsExpressions = false, Order = 2)]
    [LiteralFormat(LiteralFormats.TimeOfDay)]
    public Input<string> TimeOfDay { get; set; } = default!;

    [Input(Description = "yearly: every year on the date's anniversary (birthdays; Feb 29 falls on Feb 28 in other years). once: only on the date itself (trial end). Default yearly.",
        DefaultValue = DateTriggerKey.Yearly, UIHint = UIHints.Select, Options = [DateTriggerKey.Yearly, DateTriggerKey.Once], SupportsExpressions = false, Order = 3)]
    public Input<string> Repeat { get; set; } = default!;

    [Output(Description = "contactId, attribute, date (the attribute's value), occurrence (the UTC instant the journey was due).")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) =>
        [new TriggerRequest { Stimulus = AudienceStimuli.DateReached, Key = KeyOf(context) }];

    /// <summary>The key of this node's trigger; an invalid input is an <see cref="ArgumentException"/> naming it.</summary>
    public DateTriggerKey KeyOf(TriggerContext context) =>
        DateTriggerKey.Create(context.Get(Attribute), context.Get(OffsetDays), context.Get(TimeOfDay), context.Get(Repeat));

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Stimulus is not { } stimulus)
        {
            throw new InvalidOperationException($"{TypeName} starts journeys; it cannot be reached in the middle of one.");
        }

        context.Set(Result, stimulus.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
