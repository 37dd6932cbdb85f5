namespace AutomationServer.Messaging.Policies;

/// <summary>
/// How a channel may send marketing messages (frequency caps, quiet hours, the longest a capped message may wait)
/// and how fast it may send any message (<see cref="RatePerSecond"/>, per node).
/// </summary>
public sealed record ChannelPolicy(IReadOnlyList<FrequencyCap> FrequencyCaps, QuietHours? QuietHours, double? RatePerSecond, TimeSpan MaxDeferral)
{
    public static readonly TimeSpan DefaultMaxDeferral = TimeSpan.FromDays(7);

    /// <summary>No caps, no quiet hours, no throttling: what a channel without settings gets.</summary>
    public static ChannelPolicy Unrestricted { get; } = new([], null, null, DefaultMaxDeferral);
}

/// <summary>At most <see cref="Max"/> marketing messages per contact on the channel within any <see cref="Window"/>.</summary>
public sealed record FrequencyCap(int Max, TimeSpan Window);

/// <summary>
/// Local wall-clock hours in which marketing messages wait. <see cref="End"/> before <see cref="Start"/> means the
/// window crosses midnight; <see cref="Days"/> (null: every day) are the days on which a window starts.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek>? Days)
{
    public bool CrossesMidnight => End <= Start;

    /// <summary>When the quiet window containing <paramref name="now"/> ends in <paramref name="zone"/>, or null outside quiet hours.</summary>
    public DateTimeOffset? EndOfWindow(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        // A window that crosses midnight may have started the day before.
        foreach (var startDay in new[] { DateOnly.FromDateTime(local).AddDays(-1), DateOnly.FromDateTime(local) })
        {
            if (Days is not null && !Days.Contains(startDay.DayOfWeek))
            {
                continue;
            }

            var windowStart = startDay.ToDateTime(Start);
            var windowEnd = (CrossesMidnight ? startDay.AddDays(1) : startDay).ToDateTime(End);
            if (local >= windowStart && local < windowEnd)
            {
                return ToInstant(windowEnd, zone);
            }
        }

        return null;
    }

    /// <summary>
    /// A local time skipped by a spring-forward change is taken as the first valid time after it; one repeated by a
    /// fall-back change as its later occurrence, so the quiet window is never cut short.
    /// </summary>
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Min() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }
}
