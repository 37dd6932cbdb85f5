using System.Text.Json;
using Microsoft.Playwright;

namespace AutomationServer.Designer.Tests.Tracking;

/// <summary>track.js in a real browser, on a page of another origin than the server's.</summary>
public sealed class TrackingScriptTests(TrackingFixture fixture) : IClassFixture<TrackingFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Loading_a_page_records_a_page_view_and_the_calls_queued_before_the_script_loaded()
    {
        fixture.Site.Add("/landing", fixture.SitePage("<h1>Welcome</h1>", headScript: "automation.track('early_call', { from: 'stub' });"));
        var page = await fixture.NewPageAsync();

        await page.GotoAsync($"{fixture.Site.Origin}/landing?utm_source=newsletter&utm_campaign=spring&token=s3cret");
        var visitor = await AnonymousIdAsync(page);

        var events = await EventsAsync(() => ContactAsync("anonymous", visitor), e => e.Any(x => Name(x) == "page_view") && e.Any(x => Name(x) == "early_call"));
        var view = events.Single(e => Name(e) == "page_view").GetProperty("properties");
        Assert.Equal("/landing", view.GetProperty("path").GetString());
        Assert.Equal("Test shop", view.GetProperty("title").GetString());
        Assert.Equal("newsletter", view.GetProperty("utm_source").GetString());
        Assert.Equal("spring", view.GetProperty("utm_campaign").GetString());
        Assert.DoesNotContain("s3cret", view.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("stub", events.Single(e => Name(e) == "early_call").GetProperty("properties").GetProperty("from").GetString());
    }

    [Fact]
    public async Task Submitting_an_opted_in_form_records_it_without_the_password_and_other_forms_are_not_recorded()
    {
        fixture.Site.Add("/signup", fixture.SitePage("""
            <form id="search" method="get" action="/results" onsubmit="event.preventDefault()">
              <input name="q" value="shoes"><button id="search-button" type="submit">Search</button>
            </form>
            <form id="signup" name="newsletter-signup" data-automation-form method="post" action="/thanks">
              <input name="email" value="ann@example.com">
              <input name="firstName" value="Ann">
              <input type="password" name="password" value="hunter2">
              <input type="hidden" name="_csrf" value="csrf-value">
              <input name="payment" autocomplete="cc-number" value="4111 1111 1111 1111">
              <input name="note" value="4111111111111111">
              <input type="checkbox" name="terms" value="accepted" checked>
              <input type="checkbox" name="offers" value="yes">
              <button id="signup-button" type="submit">Sign up</button>
            </form>
            """));
        fixture.Site.Add("/thanks", "<!doctype html><title>Thanks</title><p>Thanks</p>");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Site.Origin}/signup");
        var visitor = await AnonymousIdAsync(page);

        await page.ClickAsync("#search-button");
        await page.ClickAsync("#signup-button");
        await page.WaitForURLAsync("**/thanks");

        var events = await EventsAsync(() => ContactAsync("anonymous", visitor), e => e.Any(x => Name(x) == "form_submitted"));
        var form = Assert.Single(events, e => Name(e) == "form_submitted").GetProperty("properties");
        Assert.Equal("signup", form.GetProperty("formId").GetString());
        Assert.Equal("newsletter-signup", form.GetProperty("formName").GetString());
        var fields = form.GetProperty("fields");
        Assert.Equal(["email", "firstName", "terms"], fields.EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("ann@example.com", fields.GetProperty("email").GetString());
        Assert.DoesNotContain("hunter2", form.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("4111", form.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_merges_the_visitors_page_views_into_the_identified_contact()
    {
        fixture.Site.Add("/account", fixture.SitePage("<h1>Account</h1>"));
        var page = await fixture.NewPageAsync();
        var email = $"browser-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync($"{fixture.Site.Origin}/account");
        var visitor = await AnonymousIdAsync(page);
        var anonymous = (await EventsAsync(() => ContactAsync("anonymous", visitor), e => e.Any(x => Name(x) == "page_view"))).Single();

        await page.EvaluateAsync("email => automation.identify({ email, traits: { timeZone: 'Europe/Berlin' } })", email);

        var events = await EventsAsync(() => ContactAsync("email", email), e => e.Any(x => Name(x) == "page_view"));
        Assert.Equal(anonymous.GetProperty("id").GetGuid(), Assert.Single(events).GetProperty("id").GetGuid());
        Assert.Equal(await ContactAsync("email", email), await ContactAsync("anonymous", visitor));
        var contact = await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/audience/contacts/{await ContactAsync("email", email)}");
        Assert.Equal("Europe/Berlin", contact.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Events_still_queued_when_the_visitor_navigates_away_arrive_by_beacon()
    {
        // fetch never answers on this page, so only the beacon sent when the page is hidden can deliver anything.
        fixture.Site.Add("/product", fixture.SitePage("<h1>Product</h1>", headScript: "window.fetch = function () { return new Promise(function () {}); };"));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Site.Origin}/product");
        var visitor = await AnonymousIdAsync(page);

        await page.EvaluateAsync("automation.track('cart_updated', { sku: 'A1', quantity: 2 })");
        await page.GotoAsync("about:blank");

        var events = await EventsAsync(() => ContactAsync("anonymous", visitor), e => e.Any(x => Name(x) == "cart_updated") && e.Any(x => Name(x) == "page_view"));
        var cart = events.Single(e => Name(e) == "cart_updated").GetProperty("properties");
        Assert.Equal("A1", cart.GetProperty("sku").GetString());
        Assert.Equal(2, cart.GetProperty("quantity").GetInt32());
    }

    private static string? Name(JsonElement timelineEntry) => timelineEntry.GetProperty("name").GetString();

    private static async Task<string> AnonymousIdAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.automation && window.automation.loaded === true");
        return await page.EvaluateAsync<string>("automation.anonymousId()");
    }

    private async Task<Guid?> ContactAsync(string kind, string value)
    {
        var found = await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/audience/contacts?identityKind={Uri.EscapeDataString(kind)}&identityValue={Uri.EscapeDataString(value)}");
        var items = found.GetProperty("items");
        return items.GetArrayLength() == 0 ? null : items[0].GetProperty("id").GetGuid();
    }

    /// <summary>The timeline of the contact once it satisfies <paramref name="complete"/>; fails after a while.</summary>
    private async Task<IReadOnlyList<JsonElement>> EventsAsync(Func<Task<Guid?>> contact, Func<IReadOnlyList<JsonElement>, bool> complete)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<JsonElement> events = [];
        while (DateTime.UtcNow < deadline)
        {
            if (await contact() is { } id)
            {
                events = (await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/audience/contacts/{id}/events")).EnumerateArray().ToList();
                if (complete(events))
                {
                    return events;
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The expected events did not arrive within {Patience.TotalSeconds} s; the timeline had: {string.Join(", ", events.Select(Name))}.");
        return events;
    }
}
