using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

public sealed class FrequencyCapTests
{
    [Fact]
    public async Task Sends_of_every_journey_count_and_the_message_waits_until_the_oldest_leaves_the_window()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(3, "1.00:00:00")]));
        var contact = await SubscribedAsync(database);
        var now = database.Clock.GetUtcNow();
        await database.SentAsync(contact, now.AddHours(-20), "trial-onboarding");
        await database.SentAsync(contact, now.AddHours(-10), "newsletter");
        // Not counted: older than the window, never sent, transactional, another channel.
        await database.SentAsync(contact, now.AddHours(-30), "newsletter");
        await database.SentAsync(contact, now.AddHours(-2), "newsletter", MessageState.Skipped);
        await database.SentAsync(contact, now.AddHours(-2), "orders", purpose: MessagePurpose.Transactional);
        await database.SentAsync(contact, now.AddHours(-2), "orders", channel: "sms");

        Assert.Equal(PolicyVerdict.Allow, (await database.DecideAsync(Candidate(contact, "fay@example.com"))).Verdict);

        await database.SentAsync(contact, now.AddHours(-1), "cart-recovery");
        var decision = await database.DecideAsync(Candidate(contact, "fay@example.com"));

        Assert.Equal((PolicyVerdict.Defer, PolicyReasons.FrequencyCap), (decision.Verdict, decision.ReasonCode));
        Assert.Equal(now.AddHours(4), decision.DeferUntil);
        Assert.Contains("the email cap is 3 per 1 day", decision.Reason);

        database.Clock.Now = decision.DeferUntil!.Value;
        Assert.Equal(PolicyVerdict.Allow, (await database.DecideAsync(Candidate(contact, "fay@example.com"))).Verdict);
    }

    [Fact]
    public async Task Messages_allowed_earlier_in_the_same_batch_count()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(2, "1.00:00:00")]));
        var contact = await SubscribedAsync(database);
        var other = await SubscribedAsync(database);
        var now = database.Clock.GetUtcNow();

        var decisions = await database.Policy.DecideAsync(
            [Candidate(contact, "fay@example.com"), Candidate(other, "gus@example.com"), Candidate(contact, "fay@example.com"), Candidate(contact, "fay@example.com")],
            now, CancellationToken.None);

        Assert.Equal([PolicyVerdict.Allow, PolicyVerdict.Allow, PolicyVerdict.Allow, PolicyVerdict.Defer], decisions.Select(d => d.Verdict));
        Assert.Equal(now.AddDays(1), decisions[3].DeferUntil);
    }

    [Fact]
    public async Task With_several_windows_the_message_waits_for_the_one_that_frees_last()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(3, "1.00:00:00"), (5, "P7D")]));
        var contact = await SubscribedAsync(database);
        var now = database.Clock.GetUtcNow();
        foreach (var daysAgo in new[] { 6, 5, 4, 3, 2 })
        {
            await database.SentAsync(contact, now.AddDays(-daysAgo), $"journey-{daysAgo}");
        }

        var decision = await database.DecideAsync(Candidate(contact, "fay@example.com"));

        Assert.Equal((PolicyVerdict.Defer, PolicyReasons.FrequencyCap), (decision.Verdict, decision.ReasonCode));
        Assert.Equal(now.AddDays(1), decision.DeferUntil);
        Assert.Contains("the email cap is 5 per 7 days", decision.Reason);
    }

    [Fact]
    public async Task A_message_that_would_wait_past_the_longest_deferral_is_skipped()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(1, "P7D")], maxDeferral: "P7D"));
        var contact = await SubscribedAsync(database);
        var now = database.Clock.GetUtcNow();
        await database.SentAsync(contact, now.AddDays(-1));

        var fresh = await database.DecideAsync(Candidate(contact, "fay@example.com") with { CreatedAt = now });
        var old = await database.DecideAsync(Candidate(contact, "fay@example.com") with { CreatedAt = now.AddDays(-2) });

        Assert.Equal((PolicyVerdict.Defer, now.AddDays(6)), (fresh.Verdict, fresh.DeferUntil));
        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.FrequencyCap), (old.Verdict, old.ReasonCode));
    }

    [Fact]
    public async Task The_contacts_own_weekly_cap_applies_on_top_of_the_channels()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(10, "P7D")]));
        var contact = await SubscribedAsync(database);
        var preferences = database.Get<IFrequencyPreferences>();
        var now = database.Clock.GetUtcNow();
        await database.SentAsync(contact, now.AddDays(-3));
        await database.SentAsync(contact, now.AddDays(-1));

        Assert.Equal(PolicyVerdict.Allow, (await database.DecideAsync(Candidate(contact, "fay@example.com"))).Verdict);

        await preferences.SetMaxPerWeekAsync(contact, "Email", 2, "preference_centre", CancellationToken.None);
        var decision = await database.DecideAsync(Candidate(contact, "fay@example.com"));

        Assert.Equal(2, await preferences.GetMaxPerWeekAsync(contact, "email", CancellationToken.None));
        Assert.Equal((PolicyVerdict.Defer, PolicyReasons.FrequencyCap, now.AddDays(4)), (decision.Verdict, decision.ReasonCode, decision.DeferUntil));
        Assert.Contains("the contact chose at most 2 email messages a week", decision.Reason);

        await preferences.SetMaxPerWeekAsync(contact, "email", null, "preference_centre", CancellationToken.None);
        Assert.Null(await preferences.GetMaxPerWeekAsync(contact, "email", CancellationToken.None));
        Assert.Equal(PolicyVerdict.Allow, (await database.DecideAsync(Candidate(contact, "fay@example.com"))).Verdict);
    }

    [Fact]
    public async Task Frequency_preferences_refuse_bad_input_and_unknown_contacts()
    {
        await using var database = await CreateAsync();
        var preferences = database.Get<IFrequencyPreferences>();
        var contact = await database.AddContactAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => preferences.SetMaxPerWeekAsync(contact, "email", 0, "api", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => preferences.SetMaxPerWeekAsync(contact, "e mail", 1, "api", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => preferences.SetMaxPerWeekAsync(Guid.NewGuid(), "email", 1, "api", CancellationToken.None));
    }

    [Fact]
    public async Task Erasing_the_contact_removes_its_frequency_preferences()
    {
        await using var database = await CreateAsync();
        var preferences = database.Get<IFrequencyPreferences>();
        var contact = await database.AddContactAsync("hal@example.com");
        var other = await database.AddContactAsync("ida@example.com");
        await preferences.SetMaxPerWeekAsync(contact, "email", 1, "api", CancellationToken.None);
        await preferences.SetMaxPerWeekAsync(contact, "sms", 2, "api", CancellationToken.None);
        await preferences.SetMaxPerWeekAsync(other, "email", 3, "api", CancellationToken.None);

        var audit = new ContactErasureRecord { Id = Guid.NewGuid(), ContactId = contact, ErasedAt = Start.UtcDateTime, ErasedBy = "test" };
        var counts = await database.Get<IPrivacyStore>().EraseAsync(contact, ["hal@example.com"], keepSuppressions: true, audit, CancellationToken.None);

        Assert.Equal(2, counts!.FrequencyPreferences);
        Assert.Null(await preferences.GetMaxPerWeekAsync(contact, "email", CancellationToken.None));
        Assert.Equal(3, await preferences.GetMaxPerWeekAsync(other, "email", CancellationToken.None));
    }

    [Fact]
    public async Task Transactional_messages_are_not_capped()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(1, "1.00:00:00")]));
        var contact = await SubscribedAsync(database);
        await database.SentAsync(contact, database.Clock.GetUtcNow().AddHours(-1));

        var marketing = await database.DecideAsync(Candidate(contact, "fay@example.com"));
        var transactional = await database.DecideAsync(Candidate(contact, "fay@example.com", MessagePurpose.Transactional));

        Assert.Equal(PolicyVerdict.Defer, marketing.Verdict);
        Assert.Equal(PolicyVerdict.Allow, transactional.Verdict);
    }

    private static async Task<Guid> SubscribedAsync(PolicyTestDatabase database)
    {
        var contact = await database.AddContactAsync();
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);
        return contact;
    }
}
