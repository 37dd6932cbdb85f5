using System.Globalization;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>When a scheduled trigger fires: parsed from <c>TriggerRecord.Schedule</c>.</summary>
public abstract record TriggerSchedule
{
    /// <summary>A canonical text of the schedule, stored with the job so an unchanged schedule is left alone on resync.</summary>
    public abstract string Fingerprint { get; }
}

/// <summary>A Quartz cron expression (seconds first), evaluated in <paramref name="TimeZone"/>.</summary>
public sealed record CronTriggerSchedule(string QuartzExpression, TimeZoneInfo TimeZone) : TriggerSchedule
{
    public override string Fingerprint => $"cron|{QuartzExpression}|{TimeZone.Id}";
}

/// <summary>Every <paramref name="Interval"/>, counted from when the trigger was first scheduled.</summary>
public sealed record IntervalTriggerSchedule(TimeSpan Interval) : TriggerSchedule
{
    public override string Fingerprint => $"interval|{Interval.Ticks.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Once, at <paramref name="At"/>.</summary>
public sealed record OnceTriggerSchedule(DateTimeOffset At) : TriggerSchedule
{
    public override string Fingerprint => $"at|{At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}";
}
