using System.Security.Cryptography;
using AutomationServer.Messaging.Tracking;

namespace AutomationServer.Messaging.Tests.Tracking;

public sealed class TrackingTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TrackingTokens _tokens = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_click_token_round_trips_its_message_and_exact_target()
    {
        var messageId = Guid.NewGuid();
        const string target = "https://shop.example.com/cart?items=3&utm_source=email#top";
        var text = _tokens.Create(new TrackingToken(TrackingPurpose.Click, messageId, TargetUrl: target));

        var check = _tokens.Read(text, TrackingPurpose.Click, Now);

        Assert.Equal(TrackingTokenStatus.Valid, check.Status);
        Assert.Equal(messageId, check.Token!.MessageId);
        Assert.Equal(target, check.Token.TargetUrl);
        Assert.Null(check.Token.ContactId);
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
    }

    [Fact]
    public void An_unsubscribe_token_carries_message_and_contact()
    {
        var messageId = Guid.NewGuid();
        var contactId = Guid.NewGuid();
        var check = _tokens.Read(_tokens.Create(new TrackingToken(TrackingPurpose.Unsubscribe, messageId, contactId)), TrackingPurpose.Unsubscribe, Now);

        Assert.Equal(TrackingTokenStatus.Valid, check.Status);
        Assert.Equal((messageId, contactId), (check.Token!.MessageId, check.Token.ContactId));
    }

    [Fact]
    public void A_token_signed_for_another_target_does_not_verify_for_a_changed_url()
    {
        var messageId = Guid.NewGuid();
        var genuine = _tokens.Create(new TrackingToken(TrackingPurpose.Click, messageId, TargetUrl: "https://example.com/a"));
        // Same layout and length, another address: the tag no longer matches.
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(genuine);
        var at = Array.LastIndexOf(bytes, (byte)'a');
        bytes[at] = (byte)'b';
        var forged = System.Buffers.Text.Base64Url.EncodeToString(bytes);

        Assert.Equal(TrackingTokenStatus.Invalid, _tokens.Read(forged, TrackingPurpose.Click, Now).Status);
    }

    [Fact]
    public void A_changed_message_id_is_rejected()
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(_tokens.Create(new TrackingToken(TrackingPurpose.Open, Guid.NewGuid())));
        bytes[5] ^= 0x01;

        Assert.Equal(TrackingTokenStatus.Invalid, _tokens.Read(System.Buffers.Text.Base64Url.EncodeToString(bytes), TrackingPurpose.Open, Now).Status);
    }

    [Fact]
    public void A_token_from_another_key_is_rejected()
    {
        var other = new TrackingTokens(RandomNumberGenerator.GetBytes(32));
        var text = other.Create(new TrackingToken(TrackingPurpose.Click, Guid.NewGuid(), TargetUrl: "https://evil.example/"));

        Assert.Equal(TrackingTokenStatus.Invalid, _tokens.Read(text, TrackingPurpose.Click, Now).Status);
    }

    [Fact]
    public void A_token_is_only_good_for_its_purpose()
    {
        var open = _tokens.Create(new TrackingToken(TrackingPurpose.Open, Guid.NewGuid()));

        Assert.Equal(TrackingTokenStatus.Invalid, _tokens.Read(open, TrackingPurpose.Unsubscribe, Now).Status);
        Assert.Equal(TrackingTokenStatus.Valid, _tokens.Read(open, TrackingPurpose.Open, Now).Status);
    }

    [Fact]
    public void A_preferences_token_expires()
    {
        var text = _tokens.Create(new TrackingToken(TrackingPurpose.Preferences, ContactId: Guid.NewGuid(), ExpiresAt: Now.AddDays(1)));

        Assert.Equal(TrackingTokenStatus.Valid, _tokens.Read(text, TrackingPurpose.Preferences, Now).Status);
        Assert.Equal(TrackingTokenStatus.Expired, _tokens.Read(text, TrackingPurpose.Preferences, Now.AddDays(2)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token!")]
    [InlineData("AAAA")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public void Garbage_is_invalid_not_an_exception(string? text) =>
        Assert.Equal(TrackingTokenStatus.Invalid, _tokens.Read(text, TrackingPurpose.Click, Now).Status);

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TrackingTokens(new byte[16]));
}
