using System.Net;
using System.Net.Http.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Audience;

public sealed class ConsentApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    [Fact]
    public async Task Double_opt_in_goes_from_pending_to_subscribed_through_the_anonymous_confirmation_link()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("doi") } } });

        var requested = await host.PostOkAsync($"/api/audience/contacts/{contact}/consents/double-opt-in", new { channel = "email", topic = "newsletter", source = "signup-form" });
        var token = requested.GetProperty("token").GetString()!;
        Assert.Equal("Pending", await ReasonAsync(contact, "email", "newsletter"));

        using var browser = host.Factory.CreateClient();
        var confirmed = await browser.GetAsync($"/api/audience/consent/confirm/{token}");
        var reused = await browser.GetAsync($"/api/audience/consent/confirm/{token}");

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.NotFound);
        Assert.Equal("Allowed", await ReasonAsync(contact, "email", "newsletter"));
        var history = await host.GetJsonAsync($"/api/audience/contacts/{contact}/consents/history");
        Assert.Equal(["Subscribed", "Pending"], history.EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal(["double-opt-in", "signup-form"], history.EnumerateArray().Select(h => h.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task An_expired_confirmation_token_is_410_and_changes_nothing()
    {
        await using var shortLived = AudienceHost.With(new() { ["Audience:ConfirmationLifetime"] = "00:00:01" });
        var contact = await shortLived.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("expired") } } });
        var token = (await shortLived.PostOkAsync($"/api/audience/contacts/{contact}/consents/double-opt-in", new { channel = "email" })).GetProperty("token").GetString();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var response = await shortLived.Client.PostAsync($"/api/audience/consent/confirm/{token}", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Gone);
        var consents = await shortLived.GetJsonAsync($"/api/audience/contacts/{contact}/consents");
        Assert.Equal("Pending", consents[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task CanContact_names_each_reason()
    {
        var email = AudienceHost.UniqueEmail("reasons");
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });
        Assert.Equal("NoConsent", await ReasonAsync(contact, "email", ""));

        await SetAsync(contact, "email", "", "Subscribed");
        Assert.Equal("Allowed", await ReasonAsync(contact, "email", ""));
        Assert.Equal("Allowed", await ReasonAsync(contact, "email", "offers"));

        await SetAsync(contact, "email", "offers", "Unsubscribed");
        Assert.Equal("Unsubscribed", await ReasonAsync(contact, "email", "offers"));
        Assert.Equal("Allowed", await ReasonAsync(contact, "email", "news"));

        await host.PostOkAsync("/api/audience/suppressions", new { channel = "email", address = email.ToUpperInvariant(), reason = "hard bounce" });
        Assert.Equal("SuppressedAddress", await ReasonAsync(contact, "email", ""));
        var suppressed = await host.GetJsonAsync("/api/audience/suppressions/email?take=500");
        Assert.Contains(suppressed.EnumerateArray(), s => s.GetProperty("address").GetString() == email);
        var duplicate = await host.Client.PostAsJsonAsync("/api/audience/suppressions", new { channel = "email", address = email });
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
        (await host.Client.DeleteAsync($"/api/audience/suppressions/email/{email}")).EnsureSuccessStatusCode();
        Assert.Equal("Allowed", await ReasonAsync(contact, "email", ""));

        await SetAsync(contact, "email", "", "Unsubscribed");
        Assert.Equal("Unsubscribed", await ReasonAsync(contact, "email", "news"));

        (await host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}", new
        {
            identities = new[] { new { kind = "email", value = email } },
            doNotContact = true,
        })).EnsureSuccessStatusCode();
        Assert.Equal("DoNotContact", await ReasonAsync(contact, "email", ""));
        Assert.Equal(3, (await host.GetJsonAsync($"/api/audience/contacts/{contact}/consents/history")).GetArrayLength());
    }

    [Fact]
    public async Task Invalid_consent_input_is_400_naming_the_field()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("badconsent") } } });

        var badStatus = await host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}/consents", new { channel = "email", status = "Maybe" });
        var badAddress = await host.Client.PostAsJsonAsync("/api/audience/suppressions", new { channel = "sms", address = "not a phone" });

        Assert.True((await ProblemAssert.IsProblemAsync(badStatus, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.True((await ProblemAssert.IsProblemAsync(badAddress, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("address", out _));
    }

    private async Task SetAsync(Guid contact, string channel, string topic, string status) =>
        (await host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}/consents", new { channel, topic, status, source = "test" })).EnsureSuccessStatusCode();

    private async Task<string?> ReasonAsync(Guid contact, string channel, string topic) =>
        (await host.GetJsonAsync($"/api/audience/contacts/{contact}/can-contact?channel={channel}&topic={topic}")).GetProperty("reason").GetString();
}
