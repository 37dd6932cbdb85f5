using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Scheduling;

namespace AutomationServer.Audience.Broadcasts;

/// <summary>
/// Starts the journey once for every member of a segment (or every contact) each time a cron schedule fires: the weekly
/// newsletter. The schedule fires a broadcast run (<see cref="BroadcastRunner"/>) that pages through the members and
/// starts one instance per contact, correlated by the contact id. A trigger only.
/// </summary>
[Activity(TypeName, Category = "Audience",
    Description = "Starts the journey for every member of a segment (or every contact) on a cron schedule, e.g. a weekly newsletter.")]
public sealed class Broadcast : Activity, ITriggerActivity
{
    public const string TypeName = "Audience.Broadcast";

    [Input(Description = "Cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first. \"0 8 * * 1\" = Mondays 08:00.", Required = true, SupportsExpressions = false, Order = 0)]
    [LiteralFormat(LiteralFormats.Cron)]
    public Input<string> Cron { get; set; } = default!;

    [Input(Description = "IANA time zone the schedule is read in, e.g. Europe/Berlin. Empty: Audience:DefaultTimeZone.", SupportsExpressions = false, Order = 1)]
    public Input<string> TimeZone { get; set; } = default!;

    [Input(Description = "The segment whose members receive the broadcast. Empty: every contact.", UIHint = UIHints.SegmentPicker, SupportsExpressions = false, Order = 2)]
    public Input<string> Segment { get; set; } = default!;

    [Output(Description = "runId (the broadcast run) and contactId.")]
    public Output<object> Result { get; set; } = default!;

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context)
    {
        var cron = context.Get(Cron);
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new ArgumentException("Cron is required: when the broadcast is sent, e.g. \"0 8 * * 1\".", nameof(context));
        }

        if (CronSchedule.Validate(cron) is { } problem)
        {
            throw new ArgumentException($"Cron '{cron}' is not valid: {problem}", nameof(context));
        }

        var zone = context.Get(TimeZone);
        if (string.IsNullOrWhiteSpace(zone))
        {
            zone = BroadcastDefaults.TimeZone;
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out _))
        {
            throw new ArgumentException($"TimeZone '{zone}' is not a time zone known on this server (IANA id such as Europe/Berlin).", nameof(context));
        }

        return [new TriggerRequest { Stimulus = TypeName, Key = context.ActivityId, Schedule = new TriggerSchedule { Cron = cron.Trim(), TimeZone = zone?.Trim() } }];
    }

    /// <summary>The segment id of this node, or null for every contact.</summary>
    public string? SegmentOf(TriggerContext context) => context.Get(Segment) is { } segment && !string.IsNullOrWhiteSpace(segment) ? segment.Trim() : null;

    /// <summary>The cron expression and time zone of this node.</summary>
    public (string Cron, TimeZoneInfo Zone) ScheduleOf(TriggerContext context)
    {
        var zone = context.Get(TimeZone);
        var id = string.IsNullOrWhiteSpace(zone) ? BroadcastDefaults.TimeZone ?? "UTC" : zone.Trim();
        return (context.Get(Cron)?.Trim() ?? "", TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc);
    }

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

/// <summary>
/// The time zone of broadcasts that name none. A trigger is indexed without services, so the host sets this once from
/// Audience:DefaultTimeZone while it registers the audience.
/// </summary>
public static class BroadcastDefaults
{
    public static string? TimeZone { get; set; }
}
