using AutomationServer.Audience.Events;
using AutomationServer.Audience.Tests.Infrastructure;
using AutomationServer.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Audience.Tests.DateTriggers;

/// <summary>Date triggers end to end: published journey, contacts in the database, scans at chosen clock times, instances in the engine.</summary>
public abstract class DateTriggerScanTests(string provider)
{
    // 15 June 2026 (summer time): 09:00 is 00:00 UTC in Tokyo, 07:00 UTC in Paris, 13:00 UTC in New York.
    private static readonly DateTime Day = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime TokyoNine = Day;
    private static readonly DateTime ParisNine = Day.AddHours(7);
    private static readonly DateTime NewYorkNine = Day.AddHours(13);

    [DatabaseFact]
    public async Task A_birthday_journey_fires_at_nine_in_each_contacts_own_time_zone_once()
    {
        await using var host = await CreateAsync(Day.AddDays(-1).AddHours(12));
        await host.DefineAttributeAsync("birthday", "date");
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        var newYork = await host.AddContactAsync("America/New_York", "birthday", new DateTime(1985, 6, 15));
        var tokyo = await host.AddContactAsync("Asia/Tokyo", "birthday", new DateTime(2001, 6, 15));
        var tomorrow = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 16));
        var journey = await host.PublishJourneyAsync("birthday-journey", "birthday", timeOfDay: "09:00");

        var expected = new[] { (tokyo, TokyoNine), (paris, ParisNine), (newYork, NewYorkNine) };
        foreach (var (contact, nine) in expected)
        {
            await host.ScanAtAsync(nine.AddMinutes(-1));
            Assert.Empty(host.Fired.Of(contact));

            await host.ScanAtAsync(nine);
            var fired = Assert.Single(host.Fired.Of(contact));
            Assert.Equal(nine, fired.Occurrence);
            Assert.Equal(nine, fired.FiredAt);

            var again = await host.ScanAtAsync(nine);
            Assert.Equal(0, again.Fired);
            await host.ScanAtAsync(nine.AddMinutes(1));
            Assert.Single(host.Fired.Of(contact));
        }

        await host.ScanAtAsync(Day.AddDays(1).AddHours(-1));
        Assert.Equal(3, host.Fired.All.Count);
        Assert.Empty(host.Fired.Of(tomorrow));

        var parisFiring = host.Fired.Of(paris)[0];
        Assert.Equal(("birthday", "1990-06-15"), (parisFiring.Attribute, parisFiring.Date));
        Assert.Equal(AudienceStimuli.DateReached, parisFiring.Stimulus.Name);
        Assert.Equal(paris.ToString("N"), parisFiring.Stimulus.CorrelationId);

        // The stimulus reached the published trigger: one journey instance per contact, correlated by contact id.
        foreach (var (contact, _) in expected)
        {
            var instance = Assert.Single(await host.InstancesAsync(journey, contact));
            Assert.Equal(contact.ToString("N"), instance.CorrelationId);
        }

        Assert.Empty(await host.InstancesAsync(journey, tomorrow));
    }

    [DatabaseFact]
    public async Task An_offset_of_minus_three_days_fires_three_days_before_the_date()
    {
        await using var host = await CreateAsync(Day.AddDays(-5));
        await host.DefineAttributeAsync("birthday", "date");
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        await host.PublishJourneyAsync("three-days-before", "birthday", offsetDays: -3, timeOfDay: "10:30");

        var due = ParisNine.AddDays(-3).AddMinutes(90);
        await host.ScanAtAsync(due.AddMinutes(-1));
        Assert.Empty(host.Fired.All);
        await host.ScanAtAsync(due);
        Assert.Equal(due, Assert.Single(host.Fired.Of(paris)).Occurrence);

        await host.ScanAtAsync(ParisNine.AddHours(12));
        Assert.Single(host.Fired.All);
    }

    [DatabaseFact]
    public async Task Once_fires_on_the_date_itself_and_yearly_only_on_later_anniversaries()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("trial_end", "date");
        var endsToday = await host.AddContactAsync("Europe/Paris", "trial_end", new DateTime(2026, 6, 15));
        var endedLastYear = await host.AddContactAsync("Europe/Paris", "trial_end", new DateTime(2025, 6, 15));
        var trialJourney = await host.PublishJourneyAsync("trial-end", "trial_end", repeat: "once");
        var anniversaryJourney = await host.PublishJourneyAsync("trial-anniversary", "trial_end", repeat: "yearly");

        await host.ScanAtAsync(ParisNine);

        Assert.Single(await host.InstancesAsync(trialJourney, endsToday));
        Assert.Empty(await host.InstancesAsync(trialJourney, endedLastYear));
        Assert.Single(await host.InstancesAsync(anniversaryJourney, endedLastYear));
        Assert.Empty(await host.InstancesAsync(anniversaryJourney, endsToday));
    }

    [DatabaseFact]
    public async Task A_contact_without_a_time_zone_uses_the_default_zone()
    {
        await using var host = await CreateAsync(Day.AddDays(-1), new() { ["Audience:DefaultTimeZone"] = "America/Los_Angeles" });
        await host.DefineAttributeAsync("birthday", "date");
        var noZone = await host.AddContactAsync(null, "birthday", new DateTime(1970, 6, 15));
        var utc = await host.AddContactAsync("UTC", "birthday", new DateTime(1970, 6, 15));
        await host.PublishJourneyAsync("birthday-journey", "birthday");

        await host.ScanAtAsync(Day.AddHours(16).AddMinutes(-1));
        Assert.Equal([utc], host.Fired.All.Select(f => f.ContactId));

        // 09:00 in Los Angeles (UTC−7 in June).
        await host.ScanAtAsync(Day.AddHours(16));
        Assert.Equal(Day.AddHours(16), Assert.Single(host.Fired.Of(noZone)).Occurrence);
    }

    [DatabaseFact]
    public async Task A_restart_after_downtime_catches_up_once_and_skips_what_is_older_than_the_catch_up()
    {
        await using var host = await CreateAsync(Day.AddDays(-3), new() { ["Audience:DateTriggerCatchUp"] = "12:00:00" });
        await host.DefineAttributeAsync("birthday", "date");
        var tokyo = await host.AddContactAsync("Asia/Tokyo", "birthday", new DateTime(2001, 6, 15));
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        var newYork = await host.AddContactAsync("America/New_York", "birthday", new DateTime(1985, 6, 15));
        var journey = await host.PublishJourneyAsync("birthday-journey", "birthday");
        await host.ScanAtAsync(Day.AddHours(-2));
        Assert.Empty(host.Fired.All);

        // Down from 22:00 to 15:00: Tokyo's 00:00 is more than twelve hours ago, Paris's 07:00 and New York's 13:00 are not.
        await host.RestartAsync();
        await host.ScanAtAsync(Day.AddHours(15));
        Assert.Equal([paris, newYork], host.Fired.All.Select(f => f.ContactId).Order());
        Assert.Empty(host.Fired.Of(tokyo));

        await host.RestartAsync();
        await host.ScanAtAsync(Day.AddHours(15).AddMinutes(1));
        Assert.Empty(host.Fired.All);
        Assert.Single(await host.InstancesAsync(journey, paris));
        Assert.Single(await host.InstancesAsync(journey, newYork));
    }

    [DatabaseFact]
    public async Task A_lost_scan_mark_does_not_fire_an_occurrence_twice()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("birthday", "date");
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        await host.PublishJourneyAsync("birthday-journey", "birthday");
        await host.ScanAtAsync(ParisNine);
        Assert.Single(host.Fired.Of(paris));

        // As if a node died after dispatching but before moving its mark: the window is scanned again.
        await using (var db = await host.ContextAsync())
        {
            await db.DateTriggerScans.ExecuteUpdateAsync(s => s.SetProperty(r => r.ScannedUntil, ParisNine.AddHours(-1)));
        }

        var rescanned = await host.ScanAtAsync(ParisNine.AddMinutes(5));
        Assert.Equal((1, 0), (rescanned.Found, rescanned.Fired));
        Assert.Single(host.Fired.Of(paris));
    }

    [DatabaseFact]
    public async Task Two_nodes_scanning_the_same_window_fire_each_occurrence_once()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("birthday", "date");
        var contacts = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            contacts.Add(await host.AddContactAsync(i % 2 == 0 ? "Europe/Paris" : "Europe/Berlin", "birthday", new DateTime(1960 + i, 6, 15)));
        }

        var journey = await host.PublishJourneyAsync("birthday-journey", "birthday");
        host.Clock.Now = new DateTimeOffset(ParisNine, TimeSpan.Zero);
        var second = host.SecondNodeScanner();
        var results = await Task.WhenAll(Task.Run(host.ScanAsync), Task.Run(() => second.ScanAsync(CancellationToken.None)));

        Assert.Equal(30, results.Sum(r => r.Fired));
        foreach (var contact in contacts)
        {
            Assert.Single(await host.InstancesAsync(journey, contact));
        }
    }

    [DatabaseFact]
    public async Task A_journey_published_after_an_occurrence_does_not_fire_it()
    {
        await using var host = await CreateAsync(ParisNine.AddHours(1));
        await host.DefineAttributeAsync("birthday", "date");
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        var newYork = await host.AddContactAsync("America/New_York", "birthday", new DateTime(1985, 6, 15));
        await host.PublishJourneyAsync("birthday-journey", "birthday");

        await host.ScanAtAsync(NewYorkNine);
        Assert.Equal([newYork], host.Fired.All.Select(f => f.ContactId));
        Assert.Empty(host.Fired.Of(paris));
    }

    [DatabaseFact]
    public async Task A_datetime_attribute_counts_on_the_contacts_local_calendar_date()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("trial_end", "datetime");

        // 22:30 UTC on 15 June is already 16 June in Tokyo; in New York it is still 15 June.
        var tokyo = await host.AddContactAsync("Asia/Tokyo", "trial_end", Day.AddHours(22.5));
        var newYork = await host.AddContactAsync("America/New_York", "trial_end", Day.AddHours(22.5));
        await host.PublishJourneyAsync("trial-end", "trial_end", repeat: "once");

        await host.ScanAtAsync(Day.AddDays(1).AddMinutes(-1));
        Assert.Equal([newYork], host.Fired.All.Select(f => f.ContactId));
        Assert.Equal(NewYorkNine, host.Fired.Of(newYork)[0].Occurrence);
        Assert.Equal("2026-06-15T22:30:00.0000000Z", host.Fired.Of(newYork)[0].Date);

        await host.ScanAtAsync(Day.AddDays(1));
        Assert.Equal(Day.AddDays(1), Assert.Single(host.Fired.Of(tokyo)).Occurrence);
    }

    [DatabaseFact]
    public async Task A_yearly_datetime_attribute_uses_the_local_date_of_its_anniversary()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("signed_up_at", "datetime");

        // Signed up at 20:00 UTC on 14 June 2020: already 15 June in Tokyo.
        var tokyo = await host.AddContactAsync("Asia/Tokyo", "signed_up_at", new DateTime(2020, 6, 14, 20, 0, 0));
        var paris = await host.AddContactAsync("Europe/Paris", "signed_up_at", new DateTime(2020, 6, 14, 20, 0, 0));
        await host.PublishJourneyAsync("signup-anniversary", "signed_up_at");

        await host.ScanAtAsync(Day.AddHours(20));
        Assert.Equal([tokyo], host.Fired.All.Select(f => f.ContactId));
        Assert.Empty(host.Fired.Of(paris));
    }

    [DatabaseFact]
    public async Task A_leap_day_birthday_fires_on_the_28th_of_february_in_other_years()
    {
        var february28 = new DateTime(2027, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        await using var host = await CreateAsync(february28.AddDays(-1));
        await host.DefineAttributeAsync("birthday", "date");
        var leapling = await host.AddContactAsync("UTC", "birthday", new DateTime(2000, 2, 29));
        var march = await host.AddContactAsync("UTC", "birthday", new DateTime(2000, 3, 1));
        await host.PublishJourneyAsync("birthday-journey", "birthday");

        await host.ScanAtAsync(february28.AddHours(9));
        Assert.Equal([leapling], host.Fired.All.Select(f => f.ContactId));
        await host.ScanAtAsync(february28.AddDays(1).AddHours(9));
        Assert.Equal([leapling, march], host.Fired.All.Select(f => f.ContactId));
    }

    [DatabaseFact]
    public async Task Retracting_a_journey_forgets_its_scan_and_firings_stop()
    {
        await using var host = await CreateAsync(Day.AddDays(-1));
        await host.DefineAttributeAsync("birthday", "date");
        var paris = await host.AddContactAsync("Europe/Paris", "birthday", new DateTime(1990, 6, 15));
        var journey = await host.PublishJourneyAsync("birthday-journey", "birthday");
        await host.ScanAtAsync(Day);
        await using (var db = await host.ContextAsync())
        {
            Assert.Equal(1, await db.DateTriggerScans.CountAsync());
        }

        await host.Services.GetRequiredService<WorkflowDefinitionService>().RetractAsync(journey, CancellationToken.None);
        await host.ScanAtAsync(ParisNine);

        Assert.Empty(host.Fired.Of(paris));
        await using (var db = await host.ContextAsync())
        {
            Assert.Equal(0, await db.DateTriggerScans.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task An_invalid_time_of_day_is_refused_at_publish_naming_the_input()
    {
        await using var host = await CreateAsync(Day);
        await host.DefineAttributeAsync("birthday", "date");

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => host.PublishJourneyAsync("bad", "birthday", timeOfDay: "9am"));
        Assert.Contains(error.Problems, p => p.Field == "timeOfDay");
    }

    private Task<DateTriggerTestHost> CreateAsync(DateTime now, Dictionary<string, string?>? settings = null) =>
        DateTriggerTestHost.CreateAsync(provider, new DateTimeOffset(now, TimeSpan.Zero), settings);
}

public sealed class SqliteDateTriggerScanTests() : DateTriggerScanTests("Sqlite");

[RequiresPostgreSql]
public sealed class PostgreSqlDateTriggerScanTests() : DateTriggerScanTests("PostgreSql");
