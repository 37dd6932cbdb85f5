namespace AutomationServer.Audience.DateTriggers;

/// <summary>
/// Contacts whose occurrence falls due at one instant: the zones (as stored in Contacts.TimeZone, null for none) whose
/// <see cref="LocalDate"/> at the trigger's time of day is <see cref="OccurrenceUtc"/>, and the attribute date
/// (<see cref="AttributeDate"/> = local date − offset) that makes it theirs.
/// </summary>
public sealed record DateOccurrenceGroup(DateOnly LocalDate, DateOnly AttributeDate, DateTime OccurrenceUtc, int UtcOffsetMinutes, IReadOnlyList<string?> Zones);

/// <summary>
/// Works out, per time zone, which local dates have the trigger's time of day inside a UTC window: the part of the
/// scan that needs time zone rules, kept out of SQL so it is the same on every database.
/// </summary>
public static class DateOccurrencePlanner
{
    /// <param name="zones">Each distinct Contacts.TimeZone value with the zone it stands for (null and unknown ids: the default zone).</param>
    /// <returns>The occurrences with <paramref name="fromUtc"/> &lt; instant ≤ <paramref name="toUtc"/>, grouped by instant and date.</returns>
    public static IReadOnlyList<DateOccurrenceGroup> Plan(DateTriggerKey key, DateTime fromUtc, DateTime toUtc, IReadOnlyList<(string? Stored, TimeZoneInfo Zone)> zones)
    {
        var time = key.Time;
        var found = new Dictionary<(DateOnly Date, DateTime Utc, int Offset), List<string?>>();
        foreach (var (stored, zone) in zones)
        {
            // A local date is at most 14 hours from the UTC date; one day either side covers every zone.
            var first = DateOnly.FromDateTime(fromUtc).AddDays(-1);
            var last = DateOnly.FromDateTime(toUtc).AddDays(1);
            for (var date = first; date <= last; date = date.AddDays(1))
            {
                var (utc, offset) = ToUtc(date.ToDateTime(time), zone);
                if (utc > fromUtc && utc <= toUtc)
                {
                    var slot = (date, utc, (int)offset.TotalMinutes);
                    if (!found.TryGetValue(slot, out var list))
                    {
                        found[slot] = list = [];
                    }

                    list.Add(stored);
                }
            }
        }

        return found
            .OrderBy(f => f.Key.Utc)
            .Select(f => new DateOccurrenceGroup(f.Key.Date, f.Key.Date.AddDays(-key.OffsetDays), f.Key.Utc, f.Key.Offset, f.Value))
            .ToList();
    }

    /// <summary>
    /// The UTC instant of a local wall-clock time. A time skipped by a spring-forward gap (02:30 when clocks jump from
    /// 02:00 to 03:00) fires as far past the gap as it was into it (03:30): the message still goes out that day. A time
    /// that happens twice when clocks fall back fires at its first occurrence (the daylight-saving one), once.
    /// </summary>
    public static (DateTime Utc, TimeSpan Offset) ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // The offset in force before the gap: a day earlier is before it (zones never change twice in a day).
            offset = zone.GetUtcOffset(local.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return (DateTime.SpecifyKind(local - offset, DateTimeKind.Utc), offset);
    }
}
