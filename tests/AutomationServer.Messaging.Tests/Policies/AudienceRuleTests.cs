using AutomationServer.Audience.Consent;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Sdk.Channels;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

/// <summary>Address, do-not-contact, suppression, consent and topic.</summary>
public sealed class AudienceRuleTests
{
    [Fact]
    public async Task A_recipient_without_an_address_is_skipped()
    {
        await using var database = await CreateAsync();
        var contact = await database.AddContactAsync();
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);

        var decision = await database.DecideAsync(Candidate(contact, address: null, purpose: MessagePurpose.Transactional));

        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.NoAddress), (decision.Verdict, decision.ReasonCode));
        Assert.Equal("The contact has no email address.", decision.Reason);
    }

    [Theory]
    [InlineData(MessagePurpose.Marketing)]
    [InlineData(MessagePurpose.Transactional)]
    public async Task Do_not_contact_skips_every_purpose(MessagePurpose purpose)
    {
        await using var database = await CreateAsync();
        var contact = await database.AddContactAsync("ann@example.com");
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);

        var refused = await database.DecideAsync(Candidate(contact, "ann@example.com", purpose, doNotContact: true));
        var allowed = await database.DecideAsync(Candidate(contact, "ann@example.com", purpose));

        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.DoNotContact), (refused.Verdict, refused.ReasonCode));
        Assert.Equal(PolicyVerdict.Allow, allowed.Verdict);
    }

    [Theory]
    [InlineData(MessagePurpose.Marketing, false)]
    [InlineData(MessagePurpose.Transactional, false)]
    [InlineData(MessagePurpose.Marketing, true)]
    [InlineData(MessagePurpose.Transactional, true)]
    public async Task A_suppressed_address_plain_or_hashed_is_skipped_whatever_the_purpose(MessagePurpose purpose, bool hashed)
    {
        await using var database = await CreateAsync();
        var contact = await database.AddContactAsync("bea@example.com");
        var other = await database.AddContactAsync("cid@example.com");
        await database.ConsentAsync(contact, ConsentStatus.Subscribed);
        await database.ConsentAsync(other, ConsentStatus.Subscribed);
        await database.SuppressAsync(hashed ? SuppressedAddress.Hashed("bea@example.com") : "bea@example.com", reason: "hard bounce");
        await database.SuppressAsync("cid@example.com", channel: "sms");

        var decisions = await database.Policy.DecideAsync(
            [Candidate(contact, "bea@example.com", purpose), Candidate(other, "cid@example.com", purpose)], database.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.Suppressed), (decisions[0].Verdict, decisions[0].ReasonCode));
        Assert.Equal("The address is on the email suppression list (hard bounce).", decisions[0].Reason);
        Assert.Equal(PolicyVerdict.Allow, decisions[1].Verdict);
    }

    [Theory]
    [InlineData(null, null, null, PolicyVerdict.Skip, PolicyReasons.Consent)]
    [InlineData(ConsentStatus.Subscribed, null, null, PolicyVerdict.Allow, null)]
    [InlineData(ConsentStatus.Unsubscribed, null, null, PolicyVerdict.Skip, PolicyReasons.Consent)]
    [InlineData(ConsentStatus.Pending, null, null, PolicyVerdict.Skip, PolicyReasons.Consent)]
    [InlineData(ConsentStatus.Subscribed, "news", ConsentStatus.Unsubscribed, PolicyVerdict.Skip, PolicyReasons.Topic)]
    [InlineData(ConsentStatus.Subscribed, "news", ConsentStatus.Pending, PolicyVerdict.Skip, PolicyReasons.Topic)]
    [InlineData(ConsentStatus.Subscribed, "news", ConsentStatus.Subscribed, PolicyVerdict.Allow, null)]
    [InlineData(ConsentStatus.Subscribed, "other", ConsentStatus.Unsubscribed, PolicyVerdict.Allow, null)]
    [InlineData(null, "news", ConsentStatus.Subscribed, PolicyVerdict.Allow, null)]
    [InlineData(ConsentStatus.Unsubscribed, "news", ConsentStatus.Subscribed, PolicyVerdict.Skip, PolicyReasons.Consent)]
    public async Task Marketing_follows_the_consent_model_for_channel_and_topic(
        ConsentStatus? channelConsent, string? topic, ConsentStatus? topicConsent, PolicyVerdict verdict, string? reasonCode)
    {
        await using var database = await CreateAsync();
        var contact = await database.AddContactAsync("dan@example.com");
        if (channelConsent is { } channelStatus)
        {
            await database.ConsentAsync(contact, channelStatus);
        }

        if (topicConsent is { } topicStatus)
        {
            await database.ConsentAsync(contact, topicStatus, topic!);
        }

        // Consent on another channel never counts for email.
        await database.ConsentAsync(contact, ConsentStatus.Subscribed, "news", channel: "sms");
        var decision = await database.DecideAsync(Candidate(contact, "dan@example.com", topic: "news"));

        Assert.Equal((verdict, reasonCode), (decision.Verdict, decision.ReasonCode));
    }

    [Fact]
    public async Task Transactional_messages_need_no_consent()
    {
        await using var database = await CreateAsync();
        var contact = await database.AddContactAsync("eve@example.com");
        await database.ConsentAsync(contact, ConsentStatus.Unsubscribed);

        var decision = await database.DecideAsync(Candidate(contact, "eve@example.com", MessagePurpose.Transactional, topic: "receipts"));

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public async Task Marketing_to_an_address_without_a_contact_is_skipped_for_consent()
    {
        await using var database = await CreateAsync();

        var marketing = await database.DecideAsync(Candidate(null, "walk-in@example.com"));
        var transactional = await database.DecideAsync(Candidate(null, "walk-in@example.com", MessagePurpose.Transactional));

        Assert.Equal((PolicyVerdict.Skip, PolicyReasons.Consent), (marketing.Verdict, marketing.ReasonCode));
        Assert.Equal(PolicyVerdict.Allow, transactional.Verdict);
    }
}
