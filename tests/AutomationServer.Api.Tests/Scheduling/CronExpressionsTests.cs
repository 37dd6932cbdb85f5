using AutomationServer.Scheduling.Triggers;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class CronExpressionsTests
{
    [Theory]
    [InlineData("0 0/5 * * * ?", "0 0/5 * * * ?")]
    [InlineData("0 15 10 ? * MON-FRI", "0 15 10 ? * MON-FRI")]
    [InlineData("30 */10 * * * *", "30 */10 * * * ?")]
    public void Six_fields_keep_their_seconds(string input, string expected)
    {
        Assert.True(CronExpressions.TryConvertToQuartz(input, out var quartz, out var error), error);
        Assert.Equal(expected, quartz);
    }

    [Theory]
    [InlineData("*/5 * * * *", "0 */5 * * * ?")]
    [InlineData("30 9 * * 1", "0 30 9 ? * MON")]
    [InlineData("0 9 * * 0", "0 0 9 ? * SUN")]
    [InlineData("0 9 * * 7", "0 0 9 ? * SUN")]
    [InlineData("0 0 1 * *", "0 0 0 1 * ?")]
    public void Five_field_crontab_becomes_quartz(string input, string expected)
    {
        Assert.True(CronExpressions.TryConvertToQuartz(input, out var quartz, out var error), error);
        Assert.Equal(expected, quartz);
    }

    [Fact]
    public void Crontab_weekday_ranges_shift_to_quartz_numbering()
    {
        Assert.True(CronExpressions.TryConvertToQuartz("0 8 * * 1-5", out var quartz, out var error), error);

        var next = new Quartz.CronExpression(quartz, TimeZoneInfo.Utc)
            .GetNextValidTimeAfter(new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.Zero)); // a Saturday
        Assert.Equal(new DateTimeOffset(2030, 1, 7, 8, 0, 0, TimeSpan.Zero), next); // Monday
    }

    [Theory]
    [InlineData("0 0 9 * * 1-5")]
    [InlineData("0 0 9 ? * 1-5")]
    [InlineData("0 0 9 * * MON-FRI")]
    public void Six_field_weekdays_use_the_same_numbering_as_five_fields_and_as_waits(string input)
    {
        // One dialect: 1-5 is Monday to Friday whether the expression starts a workflow (Quartz)
        // or makes one wait (Cronos, CronSchedule); Quartz alone would read 1-5 as Sunday to Thursday.
        Assert.True(CronExpressions.TryConvertToQuartz(input, out var quartz, out var error), error);
        var saturday = new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.Zero);

        var byTrigger = new Quartz.CronExpression(quartz, TimeZoneInfo.Utc).GetNextValidTimeAfter(saturday);
        var byWait = AutomationServer.Workflows.Scheduling.CronSchedule.Parse(input).GetNextOccurrence(saturday, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2030, 1, 7, 9, 0, 0, TimeSpan.Zero), byTrigger); // Monday
        Assert.Equal(byTrigger, byWait);
    }

    [Fact]
    public void Six_fields_weekday_zero_is_sunday()
    {
        Assert.True(CronExpressions.TryConvertToQuartz("15 0 9 * * 0", out var quartz, out var error), error);

        var next = new Quartz.CronExpression(quartz, TimeZoneInfo.Utc)
            .GetNextValidTimeAfter(new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2030, 1, 6, 9, 0, 15, TimeSpan.Zero), next);
    }

    [Theory]
    [InlineData("@daily", "0 0 0 * * ?")]
    [InlineData("@hourly", "0 0 * * * ?")]
    public void Macros_are_expanded(string input, string expected)
    {
        Assert.True(CronExpressions.TryConvertToQuartz(input, out var quartz, out var error), error);
        Assert.Equal(expected, quartz);
    }

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("99 * * * *")]
    [InlineData("0 99 * * * ?")]
    [InlineData("0 0 9 ? * 8")]
    [InlineData("0 0 12 1 1 ? 2030")]
    [InlineData("* * *")]
    [InlineData("not a cron")]
    [InlineData("0 0 25 * * ?")]
    [InlineData("")]
    public void Invalid_expressions_give_a_reason_instead_of_throwing(string input)
    {
        Assert.False(CronExpressions.TryConvertToQuartz(input, out var quartz, out var error));
        Assert.Null(quartz);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
