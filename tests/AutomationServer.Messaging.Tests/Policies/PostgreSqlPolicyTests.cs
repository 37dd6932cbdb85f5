using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

/// <summary>The batch queries (recent sends, consents, suppressions, personal caps) on PostgreSQL, where lists are array parameters.</summary>
public sealed class PostgreSqlPolicyTests
{
    [PostgresFact]
    public async Task A_batch_reads_sends_consent_and_suppressions_on_PostgreSQL()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(2, "1.00:00:00")]), provider: "PostgreSql");
        var capped = await database.AddContactAsync();
        var topicOut = await database.AddContactAsync();
        var suppressed = await database.AddContactAsync();
        var personal = await database.AddContactAsync();
        foreach (var contact in new[] { capped, topicOut, suppressed, personal })
        {
            await database.ConsentAsync(contact, ConsentStatus.Subscribed);
        }

        await database.ConsentAsync(topicOut, ConsentStatus.Unsubscribed, "news");
        await database.SuppressAsync(SuppressedAddress.Hashed("gone@example.com"));
        var now = database.Clock.GetUtcNow();
        await database.SentAsync(capped, now.AddHours(-5), "journey-a");
        await database.SentAsync(capped, now.AddHours(-3), "journey-b");
        await database.SentAsync(personal, now.AddDays(-2));
        await database.Get<IFrequencyPreferences>().SetMaxPerWeekAsync(personal, "email", 1, "preference_centre", CancellationToken.None);

        var decisions = await database.Policy.DecideAsync(
            [
                Candidate(capped, "a@example.com", topic: "news"),
                Candidate(topicOut, "b@example.com", topic: "news"),
                Candidate(suppressed, "gone@example.com", MessagePurpose.Transactional),
                Candidate(personal, "d@example.com"),
                Candidate(topicOut, "b@example.com", topic: "offers"),
            ],
            now, CancellationToken.None);

        Assert.Equal([PolicyReasons.FrequencyCap, PolicyReasons.Topic, PolicyReasons.Suppressed, PolicyReasons.FrequencyCap, null], decisions.Select(d => d.ReasonCode));
        Assert.Equal(now.AddHours(19), decisions[0].DeferUntil);
        Assert.Equal(now.AddDays(5), decisions[3].DeferUntil);
    }
}
