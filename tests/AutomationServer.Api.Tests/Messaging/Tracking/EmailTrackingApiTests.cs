using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.Messaging.Tracking;

public sealed class EmailTrackingApiTests(EmailTrackingHost host) : IClassFixture<EmailTrackingHost>
{
    [Fact]
    public async Task The_pixel_is_an_uncached_gif_and_reports_the_open()
    {
        var messageId = Guid.NewGuid();

        using var response = await host.Browser.GetAsync(EmailTrackingHost.PathOf(host.Links.OpenPixelUrl(messageId)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("GIF89a"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..6]);
        Assert.True(response.Headers.CacheControl!.NoStore);
        var opened = Assert.Single(host.Events.Of(messageId));
        Assert.Equal((DeliveryEventKind.Opened, "email"), (opened.Kind, opened.Channel));
    }

    [Fact]
    public async Task A_click_link_redirects_to_its_exact_target_and_reports_the_click()
    {
        var messageId = Guid.NewGuid();
        const string target = "https://shop.example.com/sale?a=1&b=%C3%A9#top";

        using var response = await host.Browser.GetAsync(EmailTrackingHost.PathOf(host.Links.ClickUrl(messageId, target)));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(target, response.Headers.Location!.OriginalString);
        var clicked = Assert.Single(host.Events.Of(messageId));
        Assert.Equal((DeliveryEventKind.Clicked, target), (clicked.Kind, clicked.Detail));
    }

    [Fact]
    public async Task A_forged_or_changed_click_link_is_400_and_never_a_redirect()
    {
        var messageId = Guid.NewGuid();
        var otherKey = new TrackingTokens(RandomNumberGenerator.GetBytes(32));
        var forged = TrackingPaths.Click + otherKey.Create(new TrackingToken(TrackingPurpose.Click, messageId, TargetUrl: "https://evil.example/"));
        var genuine = EmailTrackingHost.PathOf(host.Links.ClickUrl(messageId, "https://good.example/"));
        var changed = genuine[..^3] + (genuine[^3] == 'A' ? 'B' : 'A') + genuine[^2..];
        var openToken = TrackingPaths.Click + EmailTrackingHost.PathOf(host.Links.OpenPixelUrl(messageId))[TrackingPaths.Open.Length..];

        foreach (var path in new[] { forged, changed, openToken, TrackingPaths.Click + "https%3A%2F%2Fevil.example" })
        {
            using var response = await host.Browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains("This link is not valid", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(host.Events.Of(messageId));
    }

    [Fact]
    public async Task The_one_click_post_unsubscribes_from_the_messages_topic_once()
    {
        var contact = await host.CreateContactAsync(("", "Subscribed"), ("newsletter", "Subscribed"));
        var messageId = await host.AddSentMessageAsync(contact, "newsletter");
        var path = EmailTrackingHost.PathOf(host.Links.UnsubscribeUrl(messageId, contact));

        // What a mailbox provider sends for RFC 8058: curl -X POST -d 'List-Unsubscribe=One-Click' <url>
        using var first = await host.Browser.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var second = await host.Browser.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Unsubscribed", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());
        Assert.Equal("Allowed", (await host.CanContactAsync(contact, "")).GetProperty("reason").GetString());
        var history = await host.HistoryAsync(contact);
        Assert.Single(history, h => h.Status == "Unsubscribed");
        Assert.Contains(("newsletter", "Unsubscribed", EmailTrackingEndpointsSources.OneClick), history);
        var unsubscribed = Assert.Single(host.Events.Of(messageId));
        Assert.Equal((DeliveryEventKind.Unsubscribed, "newsletter"), (unsubscribed.Kind, unsubscribed.Detail));
    }

    [Fact]
    public async Task Without_a_topic_the_page_button_unsubscribes_from_email_and_records_the_page()
    {
        var contact = await host.CreateContactAsync(("", "Subscribed"));
        var messageId = await host.AddSentMessageAsync(contact, null);

        using var response = await host.Browser.PostAsync(EmailTrackingHost.PathOf(host.Links.UnsubscribeUrl(messageId, contact)), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unsubscribed", (await host.CanContactAsync(contact, "")).GetProperty("reason").GetString());
        Assert.Contains(("", "Unsubscribed", EmailTrackingEndpointsSources.Page), await host.HistoryAsync(contact));
    }

    [Fact]
    public async Task Opening_the_unsubscribe_link_changes_nothing()
    {
        var contact = await host.CreateContactAsync(("newsletter", "Subscribed"));
        var messageId = await host.AddSentMessageAsync(contact, "newsletter");

        using var response = await host.Browser.GetAsync(EmailTrackingHost.PathOf(host.Links.UnsubscribeUrl(messageId, contact)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form method=\"post\">", await response.Content.ReadAsStringAsync());
        Assert.Equal("Allowed", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());
        Assert.Single(await host.HistoryAsync(contact));
        Assert.Empty(host.Events.Of(messageId));
    }

    [Fact]
    public async Task The_preference_centre_shows_topics_and_saves_changes_as_consent()
    {
        var contact = await host.CreateContactAsync(("newsletter", "Subscribed"), ("offers", "Unsubscribed"));
        var path = EmailTrackingHost.PathOf(host.Links.PreferencesUrl(contact));

        var page = await host.Browser.GetStringAsync(path);
        Assert.Contains("name=\"topic\" value=\"newsletter\" checked>", page);
        Assert.Contains("name=\"topic\" value=\"offers\">", page);
        Assert.Contains("<label for=\"frequency-1-per-week\">", page);

        using var saved = await host.Browser.PostAsync(path, new FormUrlEncodedContent([new("topic", "offers"), new("frequency", "1-per-week")]));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await saved.Content.ReadAsStringAsync();
        Assert.Contains("Your preferences are saved.", after);
        Assert.Contains("name=\"topic\" value=\"offers\" checked>", after);
        Assert.Equal("Unsubscribed", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());
        Assert.Equal("Allowed", (await host.CanContactAsync(contact, "offers")).GetProperty("reason").GetString());
        var history = await host.HistoryAsync(contact);
        Assert.Contains(("newsletter", "Unsubscribed", "preference-centre"), history);
        Assert.Contains(("offers", "Subscribed", "preference-centre"), history);
        Assert.Equal((1, "preference_centre"), host.Frequency.Choice(contact));
    }

    [Fact]
    public async Task Unsubscribing_from_everything_in_the_preference_centre_unsubscribes_the_channel()
    {
        var contact = await host.CreateContactAsync(("", "Subscribed"), ("newsletter", "Subscribed"));
        var path = EmailTrackingHost.PathOf(host.Links.PreferencesUrl(contact));

        using var saved = await host.Browser.PostAsync(path, new FormUrlEncodedContent([new("topic", "newsletter"), new("all", "unsubscribe")]));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("Unsubscribed", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());
        Assert.Contains(("", "Unsubscribed", "preference-centre"), await host.HistoryAsync(contact));
    }

    [Fact]
    public async Task A_preference_link_of_another_purpose_or_key_is_refused()
    {
        var contact = await host.CreateContactAsync();
        var otherKey = new TrackingTokens(RandomNumberGenerator.GetBytes(32));

        using var forged = await host.Browser.GetAsync(TrackingPaths.Preferences + otherKey.Create(new TrackingToken(TrackingPurpose.Preferences, ContactId: contact)));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task The_confirmation_page_confirms_a_real_double_opt_in_only_on_post()
    {
        var contact = await host.CreateContactAsync();
        var requested = await host.Client.PostAsJsonAsync($"/api/audience/contacts/{contact}/consents/double-opt-in", new { channel = "email", topic = "newsletter", source = "signup-form" });
        var token = (await requested.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        var path = EmailTrackingHost.PathOf(host.Links.ConfirmUrl(token));

        using var shown = await host.Browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("Pending", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());

        using var confirmed = await host.Browser.PostAsync(path, new FormUrlEncodedContent([]));
        using var again = await host.Browser.PostAsync(path, new FormUrlEncodedContent([]));
        using var unknown = await host.Browser.PostAsync(TrackingPaths.Confirm + "no-such-token", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal("Allowed", (await host.CanContactAsync(contact, "newsletter")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_host_registers_the_decorator_and_keeps_a_generated_signing_key_in_the_database()
    {
        Assert.Contains(host.Factory.Services.GetServices<IMessageDecorator>(), d => d is EmailTrackingDecorator);
        var stored = await host.Factory.Services.GetRequiredService<IPluginStateStorage>().GetAsync(TrackingSigningKey.StateOwner, TrackingSigningKey.StateKey, CancellationToken.None);
        Assert.Equal(Convert.FromBase64String(stored!), host.Factory.Services.GetRequiredService<TrackingSigningKey>().Key);
    }
}

internal static class EmailTrackingEndpointsSources
{
    public const string OneClick = AutomationServer.Api.Messaging.Tracking.EmailTrackingEndpoints.OneClickSource;
    public const string Page = AutomationServer.Api.Messaging.Tracking.EmailTrackingEndpoints.PageSource;
}
