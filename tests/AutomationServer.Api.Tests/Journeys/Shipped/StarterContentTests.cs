using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Audience;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Journeys.Shipped;

/// <summary>
/// A fresh server with the shipped journeys and templates of workflows/, the real Email plugin (pickup folder) and the
/// whole send pipeline: what a new user gets out of the box.
/// </summary>
public sealed class StarterContentTests : IAsyncLifetime
{
    private static readonly string[] Journeys =
        ["saas-trial-onboarding", "restaurant-first-order", "cart-recovery", "post-order", "re-engagement", "birthday"];

    private readonly AudienceHost _host = AudienceHost.With(new()
    {
        ["Content:InstallStarterContent"] = "true",
        ["Content:Folder"] = Path.Combine(Repository.Root, "workflows"),
        ["PluginHost:Directory"] = Path.Combine(Repository.Root, "src", "AutomationServer.Host", "bin", Repository.Configuration, "net10.0", "plugins"),
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_fresh_server_has_the_shipped_journeys_as_drafts_and_each_one_publishes()
    {
        foreach (var id in Journeys)
        {
            var definition = await _host.GetJsonAsync($"/api/definitions/{id}");
            Assert.Contains("\"Draft\"", definition.GetRawText(), StringComparison.Ordinal);
        }

        var templates = await _host.GetJsonAsync("/api/templates?take=500");
        Assert.True(templates.GetProperty("total").GetInt32() >= 15);

        foreach (var id in Journeys)
        {
            var published = await _host.Client.PostAsync($"/api/definitions/{id}/publish", null);
            Assert.True(published.IsSuccessStatusCode, $"{id}: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Trial_onboarding_sends_the_day_0_email_to_the_pickup_folder_with_working_tracking_and_one_click_unsubscribe()
    {
        (await _host.Client.PostAsync("/api/definitions/saas-trial-onboarding/publish", null)).EnsureSuccessStatusCode();
        var email = AudienceHost.UniqueEmail("trial");
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });
        (await _host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}/consents", new { channel = "email", status = "Subscribed", source = "test" })).EnsureSuccessStatusCode();

        (await _host.Client.PostAsJsonAsync("/api/audience/events", new { name = "signup", contactId = contact })).EnsureSuccessStatusCode();

        var pickup = Path.Combine(_host.Factory.Folder, "data", "mail-pickup");
        await Eventually.TrueAsync(() => Directory.Exists(pickup) && Directory.GetFiles(pickup, "*.eml").Length > 0,
            TimeSpan.FromSeconds(60), "the day-0 email in the pickup folder");
        var message = await MimeKit.MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(pickup, "*.eml")));
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        Assert.Contains("/t/c/", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/t/o/", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        var clicked = await _host.Client.PostAsync(unsubscribe.PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        var consents = await _host.GetJsonAsync($"/api/audience/contacts/{contact}/consents");
        Assert.Contains(consents.EnumerateArray(), c => c.GetProperty("channel").GetString() == "email" &&
            c.GetProperty("status").GetString() == "Unsubscribed");
        var history = await _host.GetJsonAsync($"/api/audience/contacts/{contact}/messages");
        Assert.Contains("\"Sent\"", history.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }
}
