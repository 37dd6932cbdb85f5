using AutomationServer.Audience.DateTriggers;

namespace AutomationServer.Audience.Tests.DateTriggers;

public sealed class DateOccurrencePlannerTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public void A_time_skipped_by_spring_forward_fires_as_far_past_the_gap()
    {
        // 29 March 2026: Paris jumps from 02:00 (UTC+1) to 03:00 (UTC+2); 02:30 does not exist and reads as 03:30.
        var (utc, _) = DateOccurrencePlanner.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0), Paris);
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), utc);
    }

    [Fact]
    public void A_time_repeated_by_fall_back_fires_at_its_first_occurrence()
    {
        // 25 October 2026: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
        var (utc, offset) = DateOccurrencePlanner.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), Paris);
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(TimeSpan.FromHours(2), offset);
    }

    [Fact]
    public void The_fall_back_day_plans_an_ambiguous_time_once()
    {
        var key = DateTriggerKey.Create("birthday", 0, "02:30", "yearly");
        var groups = DateOccurrencePlanner.Plan(key, new DateTime(2026, 10, 24, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 25, 12, 0, 0, DateTimeKind.Utc), [("Europe/Paris", Paris)]);
        var group = Assert.Single(groups);
        Assert.Equal(new DateOnly(2026, 10, 25), group.LocalDate);
    }

    [Fact]
    public void Zones_with_the_same_instant_and_date_share_a_group_and_the_offset_moves_the_attribute_date()
    {
        var key = DateTriggerKey.Create("birthday", -3, "09:00", "yearly");
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var window = (From: new DateTime(2026, 6, 15, 6, 59, 0, DateTimeKind.Utc), To: new DateTime(2026, 6, 15, 7, 0, 0, DateTimeKind.Utc));
        var group = Assert.Single(DateOccurrencePlanner.Plan(key, window.From, window.To, [("Europe/Paris", Paris), ("Europe/Berlin", berlin), (null, TimeZoneInfo.Utc)]));

        Assert.Equal(["Europe/Paris", "Europe/Berlin"], group.Zones);
        Assert.Equal(new DateOnly(2026, 6, 18), group.AttributeDate);
        Assert.Equal(120, group.UtcOffsetMinutes);
    }

    [Theory]
    [InlineData("", 0, "09:00", "yearly", "Attribute")]
    [InlineData("birthday", 0, "25:00", "yearly", "TimeOfDay")]
    [InlineData("birthday", 0, "09:00", "weekly", "Repeat")]
    [InlineData("birthday", 5000, "09:00", "once", "OffsetDays")]
    public void Invalid_inputs_are_refused_naming_the_input(string attribute, int offset, string time, string repeat, string input)
    {
        var error = Assert.Throws<ArgumentException>(() => DateTriggerKey.Create(attribute, offset, time, repeat));
        Assert.StartsWith(input + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_and_the_published_json_round_trip()
    {
        var key = DateTriggerKey.Create("birthday", 0, null, null);
        Assert.Equal(("09:00", "yearly"), (key.TimeOfDay, key.Repeat));
        Assert.Equal("""{"attribute":"birthday","offsetDays":0,"timeOfDay":"09:00","repeat":"yearly"}""", key.ToJson());
        Assert.Equal(key, DateTriggerKey.FromTriggerJson(key.ToJson()));
        Assert.Null(DateTriggerKey.FromTriggerJson("\"not a key\""));
    }
}
