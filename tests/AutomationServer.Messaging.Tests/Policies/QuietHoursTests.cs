using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

public sealed class QuietHoursTests
{
    private const string Berlin = "Europe/Berlin";
    private const string NewYork = "America/New_York";

    [Theory]
    // Berlin in winter (UTC+1): 21:30 local is quiet until 08:00 local the next morning.
    [InlineData(Berlin, "2026-03-02T20:30:00Z", "2026-03-03T07:00:00Z")]
    // After midnight, still inside the window that started the evening before.
    [InlineData(Berlin, "2026-03-03T02:00:00Z", "2026-03-03T07:00:00Z")]
    // The night clocks go forward (29 March 2026, 02:00 -> 03:00): 08:00 local is then UTC+2.
    [InlineData(Berlin, "2026-03-28T22:00:00Z", "2026-03-29T06:00:00Z")]
    // The night clocks go back (25 October 2026): 08:00 local is UTC+1 again.
    [InlineData(Berlin, "2026-10-24T21:00:00Z", "2026-10-25T07:00:00Z")]
    // New York springs forward on 8 March 2026: 01:00 EST is quiet until 08:00 EDT.
    [InlineData(NewYork, "2026-03-08T06:00:00Z", "2026-03-08T12:00:00Z")]
    // New York falls back on 1 November 2026: 01:00 EDT is quiet until 08:00 EST.
    [InlineData(NewYork, "2026-11-01T05:00:00Z", "2026-11-01T13:00:00Z")]
    // 22:00 EST.
    [InlineData(NewYork, "2026-03-03T03:00:00Z", "2026-03-03T13:00:00Z")]
    public async Task Marketing_in_quiet_hours_waits_until_8_local_time(string timeZone, string now, string expected)
    {
        await using var database = await CreateAsync(PolicySettings.Email(quiet: ("21:00", "08:00", null)));
        var contact = await SubscribedAsync(database);
        database.Clock.Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var decision = await database.DecideAsync(Candidate(contact, timeZone: timeZone));

        Assert.Equal((PolicyVerdict.Defer, PolicyReasons.QuietHours), (decision.Verdict, decision.ReasonCode));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), decision.DeferUntil);
        Assert.Contains($"Quiet hours 21:00–08:00 in {timeZone}; deferred to 08:00 local time.", decision.Reason);
    }

    [Fact]
    public async Task The_same_instant_is_quiet_in_Berlin_and_daytime_in_New_York()
    {
        await using var database = await CreateAsync(PolicySettings.Email(quiet: ("21:00", "08:00", null)));
        var berlin = await SubscribedAsync(database);
        var newYork = await SubscribedAsync(database);
        database.Clock.Now = new DateTimeOffset(2026, 3, 2, 21, 0, 0, TimeSpan.Zero);

        var decisions = await database.Policy.DecideAsync(
            [Candidate(berlin, timeZone: Berlin), Candidate(newYork, timeZone: NewYork)], database.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal([PolicyVerdict.Defer, PolicyVerdict.Allow], decisions.Select(d => d.Verdict));
    }

    [Fact]
    public async Task Contacts_without_a_known_time_zone_use_the_audience_default()
    {
        await using var database = await CreateAsync(PolicySettings.Email(quiet: ("21:00", "08:00", null)), defaultTimeZone: NewYork);
        var contact = await SubscribedAsync(database);
        // 22:00 in New York: quiet until 08:00 there, 13:00 UTC (in UTC itself it would end at 08:00 UTC).
        database.Clock.Now = new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero);

        var noZone = await database.DecideAsync(Candidate(contact));
        var unknownZone = await database.DecideAsync(Candidate(contact, timeZone: "Mars/Olympus_Mons"));

        Assert.Equal(new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.Zero), noZone.DeferUntil);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.Zero), unknownZone.DeferUntil);
    }

    [Theory]
    // Friday 23:00 and Saturday 01:00 in Berlin (a window that starts on Friday) are quiet; Saturday 22:00 is not.
    [InlineData("2026-03-06T22:00:00Z", true)]
    [InlineData("2026-03-07T00:00:00Z", true)]
    [InlineData("2026-03-07T21:00:00Z", false)]
    [InlineData("2026-03-05T22:00:00Z", false)]
    public async Task Quiet_hours_limited_to_some_days_start_only_on_those_days(string now, bool quiet)
    {
        await using var database = await CreateAsync(PolicySettings.Email(quiet: ("21:00", "08:00", ["Friday"])));
        var contact = await SubscribedAsync(database);
        database.Clock.Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var decision = await database.DecideAsync(Candidate(contact, timeZone: Berlin));

        Assert.Equal(quiet ? PolicyVerdict.Defer : PolicyVerdict.Allow, decision.Verdict);
        if (quiet)
        {
            Assert.Equal(new DateTimeOffset(2026, 3, 7, 7, 0, 0, TimeSpan.Zero), decision.DeferUntil);
        }
    }

    [Fact]
    public async Task A_window_within_one_day_is_quiet_only_between_its_ends()
    {
        await using var database = await CreateAsync(PolicySettings.Email(quiet: ("12:00", "14:00", null)));
        var contact = await SubscribedAsync(database);

        database.Clock.Now = new DateTimeOffset(2026, 3, 2, 12, 30, 0, TimeSpan.Zero);
        var inside = await database.DecideAsync(Candidate(contact, timeZone: "UTC"));
        database.Clock.Now = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
        var atTheEnd = await database.DecideAsync(Candidate(contact, timeZone: "UTC"));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero), inside.DeferUntil);
        Assert.Equal(PolicyVerdict.Allow, atTheEnd.Verdict);
    }

    [Fact]
    public async Task Transactional_messages_ignore_quiet_hours_but_not_suppression()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(1, "1.00:00:00")], quiet: ("00:00", "23:59", null)));
        var contact = await SubscribedAsync(database);
        var suppressed = await SubscribedAsync(database);
        await database.SentAsync(contact, database.Clock.GetUtcNow().AddHours(-1));
        await database.SuppressAsync("gone@example.com");

        var decisions = await database.Policy.DecideAsync(
            [
                Candidate(contact, "kim@example.com", MessagePurpose.Transactional, timeZone: Berlin),
                Candidate(suppressed, "gone@example.com", MessagePurpose.Transactional, timeZone: Berlin),
                Candidate(contact, "kim@example.com", MessagePurpose.Marketing, timeZone: Berlin),
            ],
            database.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(PolicyVerdict.Allow, decisions[0].Verdict);
        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.Suppressed), (decisions[1].Verdict, decisions[1].ReasonCode));
        Assert.Equal((PolicyVerdict.Defer, PolicyReasons.FrequencyCap), (decisions[2].Verdict, decisions[2].ReasonCode));
    }

    private static async Task<Guid> SubscribedAsync(PolicyTestDatabase database)
    {
        var contact = await database.AddContactAsync();
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);
        return contact;
    }
}
