using AutomationServer.Scheduling.Triggers;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class TriggerScheduleParserTests
{
    [Fact]
    public void Cron_with_time_zone()
    {
        Assert.True(TriggerScheduleParser.TryParse("{\"cron\": \"0 9 * * 1\", \"timeZone\": \"Europe/Berlin\"}", out var schedule, out var error), error);

        var cron = Assert.IsType<CronTriggerSchedule>(schedule);
        Assert.Equal("0 0 9 ? * MON", cron.QuartzExpression);
        Assert.Equal("Europe/Berlin", cron.TimeZone.Id);
    }

    [Theory]
    [InlineData("{\"interval\": \"01:30:00\"}", 90 * 60)]
    [InlineData("{\"Interval\": \"1.00:00:00\"}", 24 * 60 * 60)]
    [InlineData("{\"interval\": \"PT15M\"}", 15 * 60)]
    public void Interval(string json, int seconds)
    {
        Assert.True(TriggerScheduleParser.TryParse(json, out var schedule, out var error), error);

        Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.IsType<IntervalTriggerSchedule>(schedule).Interval);
    }

    [Fact]
    public void Instant_without_offset_is_utc()
    {
        Assert.True(TriggerScheduleParser.TryParse("{\"at\": \"2030-06-01T08:00:00\"}", out var schedule, out var error), error);

        Assert.Equal(new DateTimeOffset(2030, 6, 1, 8, 0, 0, TimeSpan.Zero), Assert.IsType<OnceTriggerSchedule>(schedule).At);
    }

    [Fact]
    public void Same_schedule_same_fingerprint_different_schedule_different_fingerprint()
    {
        Assert.True(TriggerScheduleParser.TryParse("{\"interval\": \"00:05:00\"}", out var a, out _));
        Assert.True(TriggerScheduleParser.TryParse("{\"interval\": \"PT5M\"}", out var b, out _));
        Assert.True(TriggerScheduleParser.TryParse("{\"interval\": \"00:06:00\"}", out var c, out _));

        Assert.Equal(a!.Fingerprint, b!.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c!.Fingerprint);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{}", "none of")]
    [InlineData("{\"cron\": \"* * * * *\", \"interval\": \"00:01:00\"}", "more than one")]
    [InlineData("{\"interval\": \"soon\"}", "not a time span")]
    [InlineData("{\"interval\": \"00:00:00.5\"}", "shorter than")]
    [InlineData("{\"at\": \"tomorrow\"}", "ISO-8601")]
    [InlineData("{\"cron\": \"* * * * *\", \"timeZone\": \"Mars/Olympus\"}", "time zone")]
    [InlineData("{\"cron\": \"99 * * * *\"}", "not a valid cron")]
    public void Invalid_schedules_say_why(string json, string reason)
    {
        Assert.False(TriggerScheduleParser.TryParse(json, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Contains(reason, error);
    }
}
