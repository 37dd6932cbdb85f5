using AutomationServer.Scheduling.Triggers;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class CronExpressionsTests
{
    [Theory]
    [InlineData("0 0/5 * * * ?", "0 0/5 * * * ?")]
    [InlineData("0 15 10 ? * MON-FRI", "0 15 10 ? * MON-FRI")]
    [InlineData("0 0 12 1 1 ? 2030", "0 0 12 1 1 ? 2030")]
    public void Quartz_expressions_pass_through(string input, string expected)
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

    [Fact]
    public void Six_field_quartz_expressions_keep_quartz_weekday_numbering()
    {
        Assert.True(CronExpressions.TryConvertToQuartz("0 0 9 ? * 2-6", out var quartz, out var error), error);

        var next = new Quartz.CronExpression(quartz, TimeZoneInfo.Utc)
            .GetNextValidTimeAfter(new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.Zero)); // a Saturday
        Assert.Equal(new DateTimeOffset(2030, 1, 7, 9, 0, 0, TimeSpan.Zero), next); // Monday
    }

    [Fact]
    public void Six_fields_quartz_rejects_are_read_as_crontab_with_seconds()
    {
        // Weekday 0 does not exist in Quartz; in crontab with seconds it is Sunday.
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
