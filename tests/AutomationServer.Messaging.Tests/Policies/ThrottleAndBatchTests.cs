using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

public sealed class ThrottleAndBatchTests
{
    [Fact]
    public async Task A_channel_over_its_rate_defers_messages_one_token_apart_transactional_ones_too()
    {
        await using var database = await CreateAsync(PolicySettings.Email(rate: 2));
        var now = database.Clock.GetUtcNow();
        var candidates = Enumerable.Range(0, 5).Select(_ => Candidate(null, "ops@example.com", MessagePurpose.Transactional)).ToList();

        var first = await database.Policy.DecideAsync(candidates, now, CancellationToken.None);

        Assert.Equal([PolicyVerdict.Allow, PolicyVerdict.Allow, PolicyVerdict.Defer, PolicyVerdict.Defer, PolicyVerdict.Defer], first.Select(d => d.Verdict));
        Assert.All(first.Skip(2), d => Assert.Equal(PolicyReasons.Throttled, d.ReasonCode));
        Assert.Equal([now.AddSeconds(0.5), now.AddSeconds(1), now.AddSeconds(1.5)], first.Skip(2).Select(d => d.DeferUntil!.Value));

        var halfASecondLater = await database.Policy.DecideAsync(candidates[..2], now.AddSeconds(0.5), CancellationToken.None);
        Assert.Equal([PolicyVerdict.Allow, PolicyVerdict.Defer], halfASecondLater.Select(d => d.Verdict));

        // A channel without a rate is not throttled.
        var sms = await database.Policy.DecideAsync(
            Enumerable.Range(0, 5).Select(_ => Candidate(null, "+4915112345678", MessagePurpose.Transactional, channel: "sms")).ToList(), now, CancellationToken.None);
        Assert.All(sms, d => Assert.Equal(PolicyVerdict.Allow, d.Verdict));
    }

    [Fact]
    public async Task Skipped_and_deferred_messages_take_no_throttle_token_and_do_not_count_against_caps()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(1, "1.00:00:00")], rate: 1));
        var contact = await database.AddContactAsync();
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);
        var unsubscribed = await database.AddContactAsync();
        await database.ConsentAsync(unsubscribed, ConsentStatus.Unsubscribed);
        var now = database.Clock.GetUtcNow();

        var decisions = await database.Policy.DecideAsync(
            [Candidate(unsubscribed), Candidate(contact), Candidate(contact)], now, CancellationToken.None);

        Assert.Equal([PolicyReasons.Consent, null, PolicyReasons.FrequencyCap], decisions.Select(d => d.ReasonCode));
    }

    [Fact]
    public async Task A_batch_is_decided_in_the_same_few_queries_whatever_its_size()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(3, "1.00:00:00"), (10, "P7D")], quiet: ("23:00", "06:00", null)));
        var contacts = new List<Guid>();
        await using (var db = await database.ContextAsync())
        {
            for (var i = 0; i < 1000; i++)
            {
                var id = Guid.NewGuid();
                contacts.Add(id);
                db.Contacts.Add(new ContactRecord { Id = id, CreatedAt = Start.UtcDateTime, UpdatedAt = Start.UtcDateTime });
                db.ContactConsents.Add(new ContactConsentRecord { ContactId = id, Channel = "email", Topic = "", Status = i % 10 == 0 ? ConsentStatus.Unsubscribed : ConsentStatus.Subscribed, Source = "test", UpdatedAt = Start.UtcDateTime });
            }

            await db.SaveChangesAsync();
        }

        for (var i = 0; i < 1000; i += 7)
        {
            await database.SentAsync(contacts[i], database.Clock.GetUtcNow().AddHours(-1));
        }

        await database.SentAsync(contacts[3], database.Clock.GetUtcNow().AddDays(-2));
        await database.Get<IFrequencyPreferences>().SetMaxPerWeekAsync(contacts[3], "email", 1, "test", CancellationToken.None);
        await database.SuppressAsync("contact5@example.com");
        await database.Policy.DecideAsync([Candidate(contacts[1], "warm-up@example.com")], database.Clock.GetUtcNow(), CancellationToken.None);

        async Task<(int Queries, IReadOnlyList<PolicyDecision> Decisions)> DecideAsync(int size)
        {
            var candidates = contacts.Take(size).Select((id, i) => Candidate(id, $"contact{i}@example.com", timeZone: i % 2 == 0 ? "Europe/Berlin" : "America/New_York")).ToList();
            var before = database.Commands.Count;
            var decisions = await database.Policy.DecideAsync(candidates, database.Clock.GetUtcNow(), CancellationToken.None);
            return (database.Commands.Count - before, decisions);
        }

        var small = await DecideAsync(10);
        var large = await DecideAsync(1000);

        Assert.InRange(small.Queries, 1, 4);
        Assert.Equal(small.Queries, large.Queries);
        Assert.Equal(PolicyReasons.Consent, large.Decisions[0].ReasonCode);
        Assert.Equal(PolicyReasons.FrequencyCap, large.Decisions[3].ReasonCode);
        Assert.Contains("the contact chose at most 1 email message a week", large.Decisions[3].Reason);
        Assert.Equal(PolicyReasons.Suppressed, large.Decisions[5].ReasonCode);
        Assert.Equal(PolicyVerdict.Allow, large.Decisions[7].Verdict);
        Assert.Equal(PolicyVerdict.Allow, large.Decisions[1].Verdict);
    }
}
