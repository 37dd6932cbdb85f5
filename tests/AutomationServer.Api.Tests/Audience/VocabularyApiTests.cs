using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AutomationServer.Api.Tests.Audience;

public sealed class VocabularyApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    [Fact]
    public async Task Event_names_list_the_standard_ones_and_the_custom_names_tracked_in_the_last_30_days()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("names") } } });
        var fresh = "webinar_joined_" + Guid.NewGuid().ToString("N")[..6];
        var stale = "catalog_requested_" + Guid.NewGuid().ToString("N")[..6];
        await host.PostOkAsync("/api/audience/events", new { name = fresh, contactId = contact, occurredAt = DateTimeOffset.UtcNow.AddDays(-2) });
        await host.PostOkAsync("/api/audience/events", new { name = stale, contactId = contact, occurredAt = DateTimeOffset.UtcNow.AddDays(-45) });
        await host.PostOkAsync("/api/audience/events", new { name = "order_completed", contactId = contact });

        var names = await host.GetJsonAsync("/api/audience/event-names");

        var standard = names.GetProperty("standard").EnumerateArray().Select(n => n.GetString()).ToList();
        var recent = names.GetProperty("recent").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(["page_view", "product_view", "cart_updated", "cart_abandoned", "order_completed", "signup", "login", "form_submitted"], standard);
        Assert.Contains(fresh, recent);
        Assert.DoesNotContain(stale, recent);
        Assert.DoesNotContain("order_completed", recent);
        Assert.Equal(recent.Order(StringComparer.Ordinal), recent);
    }

    [Fact]
    public async Task Topics_list_each_consent_topic_once_without_the_channel_wide_consent()
    {
        var topic = "digest_" + Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { "topic-a", "topic-b" })
        {
            var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail(name) } } });
            await PutConsentAsync(contact, "email", topic);
            await PutConsentAsync(contact, "sms", topic);
            await PutConsentAsync(contact, "email", "");
        }

        var topics = (await host.GetJsonAsync("/api/audience/topics")).EnumerateArray().Select(t => t.GetString()).ToList();

        Assert.Single(topics, t => t == topic);
        Assert.DoesNotContain("", topics);
    }

    [Fact]
    public async Task Both_lists_need_an_api_key()
    {
        using var anonymous = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audience/event-names")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audience/topics")).StatusCode);
    }

    private async Task PutConsentAsync(Guid contact, string channel, string topic)
    {
        var response = await host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}/consents", new { channel, topic, status = "Subscribed", source = "test" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
