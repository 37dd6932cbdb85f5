using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Audience;

public sealed class ContactApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    [Fact]
    public async Task Identities_are_normalized_email_lower_cased_and_phone_in_E164()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var contact = await host.PostOkAsync("/api/audience/contacts", new
        {
            identities = new object[]
            {
                new { kind = "email", value = $"  Jane.Doe.{suffix}@Example.COM " },
                new { kind = "phone", value = "(030) 2123 4567" },
                new { kind = "external:crm", value = $"crm-{suffix}" },
            },
            timeZone = "Europe/Berlin",
            locale = "de-de",
        });

        var identities = contact.GetProperty("identities").EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i.GetProperty("value").GetString());
        Assert.Equal($"jane.doe.{suffix}@example.com", identities["email"]);
        Assert.Equal("+493021234567", identities["phone"]);
        Assert.Equal($"crm-{suffix}", identities["external:crm"]);
        Assert.Equal("de-DE", contact.GetProperty("locale").GetString());

        var found = await host.GetJsonAsync($"/api/audience/contacts?identityKind=email&identityValue=JANE.DOE.{suffix}@example.com");
        Assert.Equal(contact.GetProperty("id").GetGuid(), found.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("phone", "12ab", "identities[0].value")]
    [InlineData("phone", "+49 1", "identities[0].value")]
    [InlineData("email", "not-an-address", "identities[0].value")]
    [InlineData("fax", "123", "identities[0].value")]
    public async Task Malformed_identities_are_400_naming_the_field(string kind, string value, string field)
    {
        var response = await host.Client.PostAsJsonAsync("/api/audience/contacts", new { identities = new[] { new { kind, value } } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Invalid_time_zone_and_attribute_of_the_wrong_type_are_400_naming_each_field()
    {
        await host.DefineAttributeAsync("age", "number");
        await host.DefineAttributeAsync("birthday", "date");

        var response = await host.Client.PostAsJsonAsync("/api/audience/contacts", new
        {
            identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("types") } },
            timeZone = "Mars/Olympus",
            attributes = new Dictionary<string, object> { ["age"] = "forty", ["birthday"] = "1990-13-01", ["unknown"] = 1 },
        });

        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("attributes.age", out _));
        Assert.True(errors.TryGetProperty("attributes.birthday", out _));
        Assert.True(errors.TryGetProperty("attributes.unknown", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task Typed_attributes_round_trip_and_are_searchable()
    {
        await host.DefineAttributeAsync("plan", "string");
        await host.DefineAttributeAsync("lifetimeValue", "number");
        await host.DefineAttributeAsync("vip", "boolean");
        await host.DefineAttributeAsync("signedUpAt", "datetime");
        await host.DefineAttributeAsync("interests", "list");
        var tag = "tag-" + Guid.NewGuid().ToString("N")[..8];

        var contact = await host.PostOkAsync("/api/audience/contacts", new
        {
            identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("typed") } },
            attributes = new Dictionary<string, object>
            {
                ["plan"] = "gold", ["lifetimeValue"] = 1234.5m, ["vip"] = true, ["signedUpAt"] = "2024-05-01T10:00:00+02:00", ["interests"] = new[] { "shoes", "hats" },
            },
            tags = new[] { tag, "newsletter" },
        });

        var attributes = contact.GetProperty("attributes");
        Assert.Equal(1234.5m, attributes.GetProperty("lifetimeValue").GetDecimal());
        Assert.Equal("2024-05-01T08:00:00Z", attributes.GetProperty("signedUpAt").GetString());
        Assert.Equal(2, attributes.GetProperty("interests").GetArrayLength());

        var byTagAndNumber = await host.GetJsonAsync($"/api/audience/contacts?tag={tag}&attributeName=lifetimeValue&attributeValue=1234.5");
        Assert.Equal(1, byTagAndNumber.GetProperty("total").GetInt32());
        var wrongValue = await host.GetJsonAsync($"/api/audience/contacts?tag={tag}&attributeName=plan&attributeValue=silver");
        Assert.Equal(0, wrongValue.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_identity_of_another_contact_is_a_409_naming_it()
    {
        var email = AudienceHost.UniqueEmail("taken");
        await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });

        var response = await host.Client.PostAsJsonAsync("/api/audience/contacts", new { identities = new[] { new { kind = "email", value = email.ToUpperInvariant() } } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("identities[0].value", out _));
    }

    [Fact]
    public async Task Bulk_upsert_is_idempotent_and_all_or_nothing()
    {
        await host.DefineAttributeAsync("plan", "string");
        var emails = Enumerable.Range(0, 3).Select(i => AudienceHost.UniqueEmail($"bulk{i}")).ToList();
        var batch = new { contacts = emails.Select((e, i) => new { identities = new[] { new { kind = "email", value = e } }, attributes = new Dictionary<string, object> { ["plan"] = "p" + i }, tags = new[] { "bulk" } }) };

        var first = await host.PostOkAsync("/api/audience/contacts/upsert", batch);
        var second = await host.PostOkAsync("/api/audience/contacts/upsert", batch);

        var firstIds = first.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contactId").GetGuid()).ToList();
        Assert.All(first.GetProperty("contacts").EnumerateArray(), c => Assert.True(c.GetProperty("created").GetBoolean()));
        Assert.Equal(firstIds, second.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contactId").GetGuid()));
        Assert.All(second.GetProperty("contacts").EnumerateArray(), c => Assert.False(c.GetProperty("created").GetBoolean()));
        var stored = await host.GetJsonAsync($"/api/audience/contacts/{firstIds[1]}");
        Assert.Equal(0, stored.GetProperty("revision").GetInt32());
        Assert.Equal("p1", stored.GetProperty("attributes").GetProperty("plan").GetString());

        var newEmail = AudienceHost.UniqueEmail("never");
        var bad = await host.Client.PostAsJsonAsync("/api/audience/contacts/upsert", new
        {
            contacts = new object[]
            {
                new { identities = new[] { new { kind = "email", value = newEmail } } },
                new { identities = new[] { new { kind = "phone", value = "garbage" } } },
            },
        });
        var errors = (await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("contacts[1].identities[0].value", out _));
        Assert.Equal(0, (await host.GetJsonAsync($"/api/audience/contacts?identityKind=email&identityValue={newEmail}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Merge_moves_identities_attributes_tags_events_and_consents_and_deletes_the_other()
    {
        await host.DefineAttributeAsync("plan", "string");
        await host.DefineAttributeAsync("city", "string");
        var keeperEmail = AudienceHost.UniqueEmail("keeper");
        var otherEmail = AudienceHost.UniqueEmail("other");
        var keeper = await host.CreateContactAsync(new
        {
            identities = new[] { new { kind = "email", value = keeperEmail } },
            attributes = new Dictionary<string, object> { ["plan"] = "gold" },
            tags = new[] { "shared" },
        });
        var other = await host.CreateContactAsync(new
        {
            identities = new[] { new { kind = "email", value = otherEmail } },
            attributes = new Dictionary<string, object> { ["plan"] = "free", ["city"] = "Berlin" },
            tags = new[] { "shared", "only-other" },
        });
        await host.PostOkAsync("/api/audience/events", new { name = "page_view", contactId = other });
        (await host.Client.PutAsJsonAsync($"/api/audience/contacts/{other}/consents", new { channel = "email", status = "Subscribed", source = "form" })).EnsureSuccessStatusCode();

        var merged = await host.PostOkAsync($"/api/audience/contacts/{keeper}/merge", new { contactId = other });

        Assert.Equal(2, merged.GetProperty("identities").GetArrayLength());
        Assert.Equal("gold", merged.GetProperty("attributes").GetProperty("plan").GetString());
        Assert.Equal("Berlin", merged.GetProperty("attributes").GetProperty("city").GetString());
        Assert.Equal(["only-other", "shared"], merged.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("page_view", (await host.GetJsonAsync($"/api/audience/contacts/{keeper}/events"))[0].GetProperty("name").GetString());
        Assert.Equal("Subscribed", (await host.GetJsonAsync($"/api/audience/contacts/{keeper}/consents"))[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/audience/contacts/{other}")).StatusCode);
    }

    [Fact]
    public async Task Identify_merges_the_anonymous_visitor_into_the_known_contact()
    {
        await host.DefineAttributeAsync("plan", "string");
        var visitor = "anon-" + Guid.NewGuid().ToString("N");
        var email = AudienceHost.UniqueEmail("identify");
        var tracked = await host.PostOkAsync("/api/audience/events", new { name = "product_view", anonymousId = visitor, properties = new { sku = "A1" } });
        var anonymousContact = tracked.GetProperty("contactId").GetGuid();
        var known = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } }, attributes = new Dictionary<string, object> { ["plan"] = "gold" } });

        var identified = await host.PostOkAsync("/api/audience/contacts/identify", new
        {
            anonymousId = visitor,
            identities = new[] { new { kind = "email", value = email } },
            tags = new[] { "identified" },
        });

        Assert.Equal(known, identified.GetProperty("contactId").GetGuid());
        Assert.Equal([anonymousContact], identified.GetProperty("mergedContactIds").EnumerateArray().Select(i => i.GetGuid()));
        var contact = await host.GetJsonAsync($"/api/audience/contacts/{known}");
        Assert.Contains(contact.GetProperty("identities").EnumerateArray(), i => i.GetProperty("kind").GetString() == "anonymous" && i.GetProperty("value").GetString() == visitor);
        Assert.Equal("gold", contact.GetProperty("attributes").GetProperty("plan").GetString());
        Assert.Equal("product_view", (await host.GetJsonAsync($"/api/audience/contacts/{known}/events"))[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/audience/contacts/{anonymousContact}")).StatusCode);

        // The visitor's later events land on the known contact.
        var later = await host.PostOkAsync("/api/audience/events", new { name = "page_view", anonymousId = visitor });
        Assert.Equal(known, later.GetProperty("contactId").GetGuid());
    }

    [Fact]
    public async Task The_api_requires_a_key()
    {
        using var anonymous = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audience/contacts")).StatusCode);
    }
}
