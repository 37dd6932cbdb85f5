using System.Net;
using System.Text.Json;
using AutomationServer.Api.Tests.Audience;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Tracking.TrackingHost;

namespace AutomationServer.Api.Tests.Tracking;

public sealed class TrackingApiTests(TrackingHost host) : IClassFixture<TrackingHost>
{
    private static object Page(string messageId, string path = "/pricing") =>
        new { type = "page", messageId, timestamp = DateTimeOffset.UtcNow, properties = new { url = "https://shop.example.com" + path, path, title = "Pricing" } };

    [Fact]
    public async Task An_unknown_or_missing_write_key_is_401()
    {
        var unknown = await host.SendAsync(new { writeKey = "not-a-key", anonymousId = NewVisitor(), batch = new[] { Page("m1") } });
        var missing = await host.SendAsync(new { anonymousId = NewVisitor(), batch = new[] { Page("m1") } });
        var unknownHeader = await host.SendAsync(new { anonymousId = NewVisitor(), batch = new[] { Page("m1") } }, writeKeyHeader: "not-a-key");

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(unknownHeader, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_write_key_may_come_in_the_header()
    {
        var visitor = NewVisitor();

        var response = await host.SendAsync(new { anonymousId = visitor, batch = new[] { Page("m1") } }, writeKeyHeader: ShopKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await host.FindContactAsync("anonymous", visitor));
    }

    [Fact]
    public async Task An_origin_the_source_does_not_allow_is_403_and_nothing_is_recorded()
    {
        var visitor = NewVisitor();
        var body = new { writeKey = ShopKey, anonymousId = visitor, batch = new[] { Page("m1") } };

        var foreign = await host.SendAsync(body, origin: "https://evil.example.net");
        var otherSource = await host.SendAsync(body, origin: BlogOrigin);
        var none = await host.SendAsync(body, origin: null);

        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(otherSource, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.Forbidden);
        Assert.Null(await host.FindContactAsync("anonymous", visitor));
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_others_are_refused()
    {
        using var client = host.Audience.Factory.CreateClient();
        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, EventsPath);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type,x-write-key");
            return request;
        }

        using var allowed = await client.SendAsync(Preflight(ShopOrigin));
        using var refused = await client.SendAsync(Preflight("https://evil.example.net"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(ShopOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("x-write-key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_accepted_request_lets_the_page_read_the_answer()
    {
        var response = await host.SendAsync(new { writeKey = ShopKey, anonymousId = NewVisitor(), batch = new[] { Page("m1") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ShopOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Identify_merges_the_visitors_earlier_page_view_into_the_known_contact()
    {
        var email = AudienceHost.UniqueEmail("visitor");
        var known = await host.Audience.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });
        var visitor = NewVisitor();

        await host.SendOkAsync(new { writeKey = ShopKey, anonymousId = visitor, batch = new[] { Page("page-1", "/pricing") } });
        var anonymousContact = await host.FindContactAsync("anonymous", visitor);
        var identified = await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[] { new { type = "identify", email = email.ToUpperInvariant(), traits = new { timeZone = "Europe/Berlin", locale = "de-DE" } } },
        });

        Assert.NotNull(anonymousContact);
        Assert.NotEqual(known, anonymousContact);
        Assert.Equal(visitor, identified.GetProperty("anonymousId").GetString());
        Assert.Equal(known, await host.FindContactAsync("anonymous", visitor));
        var timeline = await host.TimelineAsync(known);
        var pageView = Assert.Single(timeline.EnumerateArray());
        Assert.Equal("page_view", pageView.GetProperty("name").GetString());
        Assert.Equal("/pricing", pageView.GetProperty("properties").GetProperty("path").GetString());
        var contact = await host.ContactAsync(known);
        Assert.Equal("Europe/Berlin", contact.GetProperty("timeZone").GetString());
        Assert.Equal("de-DE", contact.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task Identify_in_the_same_request_makes_the_visitor_known_before_its_events_are_stored()
    {
        var visitor = NewVisitor();
        var email = AudienceHost.UniqueEmail("signup");

        await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[]
            {
                new { type = "track", messageId = "t-1", @event = "signup", properties = new { plan = "pro" } },
                new { type = "identify", email, externalId = "user-42" },
            },
        });

        var contact = await host.FindContactAsync("email", email);
        Assert.NotNull(contact);
        Assert.Equal(contact, await host.FindContactAsync("external:shop", "user-42"));
        Assert.Equal(contact, await host.FindContactAsync("anonymous", visitor));
        Assert.Equal("signup", Assert.Single((await host.TimelineAsync(contact.Value)).EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_retried_request_stores_each_call_once()
    {
        var visitor = NewVisitor();
        var body = new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            sentAt = DateTimeOffset.UtcNow,
            batch = new object[] { Page("p-1"), new { type = "track", messageId = "t-1", @event = "product_view", properties = new { sku = "A1" } } },
        };

        var first = await host.SendOkAsync(body);
        var retry = await host.SendOkAsync(body);

        Assert.Equal(2, first.GetProperty("stored").GetInt32());
        Assert.Equal(0, retry.GetProperty("stored").GetInt32());
        Assert.Equal(2, retry.GetProperty("duplicates").GetInt32());
        var contact = await host.FindContactAsync("anonymous", visitor);
        Assert.Equal(2, (await host.TimelineAsync(contact!.Value)).GetArrayLength());
    }

    [Fact]
    public async Task The_same_message_id_from_another_visitor_is_another_event()
    {
        var first = NewVisitor();
        var second = NewVisitor();

        await host.SendOkAsync(new { writeKey = ShopKey, anonymousId = first, batch = new[] { Page("same-id") } });
        var other = await host.SendOkAsync(new { writeKey = ShopKey, anonymousId = second, batch = new[] { Page("same-id") } });

        Assert.Equal(1, other.GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task A_client_clock_that_is_hours_off_is_corrected_by_sentAt()
    {
        var visitor = NewVisitor();
        var clientNow = DateTimeOffset.UtcNow.AddHours(3);

        await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            sentAt = clientNow,
            batch = new[] { new { type = "page", messageId = "p-1", timestamp = clientNow.AddMinutes(-10) } },
        });

        var contact = await host.FindContactAsync("anonymous", visitor);
        var occurredAt = Assert.Single((await host.TimelineAsync(contact!.Value)).EnumerateArray()).GetProperty("occurredAt").GetDateTime();
        Assert.InRange(occurredAt, DateTime.UtcNow.AddMinutes(-11), DateTime.UtcNow.AddMinutes(-9));
    }

    [Fact]
    public async Task Bad_calls_are_400_naming_each_field_and_nothing_is_recorded()
    {
        var visitor = NewVisitor();

        var response = await host.SendAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[]
            {
                Page("ok-1"),
                new { type = "click", messageId = "x-1" },
                new { type = "track", messageId = "x-2", @event = "Order Completed" },
                new { type = "identify", email = "not-an-address" },
                new { type = "identify", phone = "+4915123456789", traits = new { score = 100, lifecycleStage = "customer" } },
                new { type = "track", messageId = "x-3", @event = "segment_entered" },
                new { type = "page" },
            },
        });

        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("batch[1].type", out _));
        Assert.True(errors.TryGetProperty("batch[2].event", out _));
        Assert.True(errors.TryGetProperty("batch[3].email", out _));
        Assert.True(errors.TryGetProperty("batch[4].traits.score", out _));
        Assert.True(errors.TryGetProperty("batch[4].traits.lifecycleStage", out _));
        Assert.True(errors.TryGetProperty("batch[5].event", out _));
        Assert.True(errors.TryGetProperty("batch[6].messageId", out _));
        Assert.False(errors.TryGetProperty("batch[0].messageId", out _));
        Assert.Null(await host.FindContactAsync("anonymous", visitor));
        Assert.Null(await host.FindContactAsync("phone", "+4915123456789"));
    }

    [Theory]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"v-12345678","batch":[{"type":"page","messageId":"m","timestamp":"yesterday"}]}""", "batch[0].timestamp")]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"v-12345678","batch":[{"type":"page","messageId":"m"}""", "batch[1]")]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"short","batch":[{"type":"page","messageId":"m"}]}""", "anonymousId")]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"v-12345678","batch":[]}""", "batch")]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"v-12345678","batch":[{"type":"track","messageId":"m","event":"x","properties":[1]}]}""", "batch[0].properties")]
    [InlineData("""{"writeKey":"shop-write-key-0123456789","anonymousId":"v-12345678","batch":[{"type":"identify","traits":{"firstName":"Ann"}}]}""", "batch[0].email")]
    [InlineData("", "body")]
    public async Task Malformed_requests_are_400_naming_the_field(string json, string field)
    {
        var response = await host.SendRawAsync(json, writeKeyHeader: json.Length == 0 ? ShopKey : null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Traits_set_only_the_allowed_attributes()
    {
        await host.Audience.DefineAttributeAsync("firstName", "string");
        var email = AudienceHost.UniqueEmail("traits");

        await host.SendOkAsync(new { writeKey = ShopKey, anonymousId = NewVisitor(), batch = new object[] { new { type = "identify", email, traits = new { firstName = "Ann" } } } });

        var contact = await host.ContactAsync((await host.FindContactAsync("email", email))!.Value);
        Assert.Equal("Ann", contact.GetProperty("attributes").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task A_form_submission_never_stores_passwords_tokens_or_card_numbers()
    {
        var visitor = NewVisitor();

        await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[]
            {
                new
                {
                    type = "form",
                    messageId = "f-1",
                    properties = new
                    {
                        formId = "signup",
                        fields = new Dictionary<string, object>
                        {
                            ["email"] = "ann@example.com",
                            ["password"] = "hunter2",
                            ["_token"] = "abc",
                            ["cc-number"] = "4111 1111 1111 1111",
                            ["note"] = "4111111111111111",
                            ["newsletter"] = "yes",
                        },
                    },
                },
            },
        });

        await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[]
            {
                new { type = "track", messageId = "f-2", @event = "form_submitted", properties = new { formId = "raw", fields = new { email = "ann@example.com", pwd = "hunter2" } } },
            },
        });

        var contact = await host.FindContactAsync("anonymous", visitor);
        var forms = (await host.TimelineAsync(contact!.Value)).EnumerateArray().ToDictionary(e => e.GetProperty("properties").GetProperty("formId").GetString()!);
        Assert.All(forms.Values, f => Assert.Equal("form_submitted", f.GetProperty("name").GetString()));
        Assert.Equal(["email", "newsletter"], forms["signup"].GetProperty("properties").GetProperty("fields").EnumerateObject().Select(f => f.Name).Order().ToArray());
        Assert.Equal(["email"], forms["raw"].GetProperty("properties").GetProperty("fields").EnumerateObject().Select(f => f.Name).ToArray());
    }

    [Fact]
    public async Task A_page_cannot_merge_two_known_contacts()
    {
        var email = AudienceHost.UniqueEmail("first");
        var first = await host.Audience.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });
        var second = await host.Audience.CreateContactAsync(new { identities = new[] { new { kind = "phone", value = "+4915112345678" } } });

        var response = await host.SendAsync(new { writeKey = ShopKey, anonymousId = NewVisitor(), batch = new object[] { new { type = "identify", email, phone = "+4915112345678" } } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("batch[0]", out _));
        Assert.Equal(first, await host.FindContactAsync("email", email));
        Assert.Equal(second, await host.FindContactAsync("phone", "+4915112345678"));
    }

    [Fact]
    public async Task Another_person_signing_in_on_the_same_browser_gets_a_new_anonymous_id_and_stays_apart()
    {
        var visitor = NewVisitor();
        var ann = AudienceHost.UniqueEmail("ann");
        var bob = AudienceHost.UniqueEmail("bob");

        var first = await host.SendOkAsync(new { writeKey = ShopKey, anonymousId = visitor, batch = new object[] { new { type = "identify", email = ann } } });
        var second = await host.SendOkAsync(new
        {
            writeKey = ShopKey,
            anonymousId = visitor,
            batch = new object[] { new { type = "identify", email = bob }, Page("after-bob") },
        });

        Assert.Equal(visitor, first.GetProperty("anonymousId").GetString());
        var next = second.GetProperty("anonymousId").GetString()!;
        Assert.NotEqual(visitor, next);
        var annId = await host.FindContactAsync("email", ann);
        var bobId = await host.FindContactAsync("email", bob);
        Assert.NotEqual(annId, bobId);
        Assert.Equal(annId, await host.FindContactAsync("anonymous", visitor));
        Assert.Equal(bobId, await host.FindContactAsync("anonymous", next));
        Assert.Equal("page_view", Assert.Single((await host.TimelineAsync(bobId!.Value)).EnumerateArray()).GetProperty("name").GetString());
        Assert.Empty((await host.TimelineAsync(annId!.Value)).EnumerateArray());
    }

    [Fact]
    public async Task The_script_is_served_cacheable_with_an_entity_tag()
    {
        using var client = host.Audience.Factory.CreateClient();

        using var first = await client.GetAsync("/track.js");
        var script = await first.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/track.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-write-key", script, StringComparison.Ordinal);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }
}
