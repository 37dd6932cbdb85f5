using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Audience;

public sealed class EventApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    [Fact]
    public async Task A_repeated_idempotency_key_is_accepted_and_stored_once()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("idem") } } });
        var key = "order-" + Guid.NewGuid().ToString("N");

        var first = await host.PostOkAsync("/api/audience/events", new { name = "order_completed", contactId = contact, idempotencyKey = key, properties = new { total = 49.90 } });
        var again = await host.PostOkAsync("/api/audience/events", new { name = "order_completed", contactId = contact, idempotencyKey = key, properties = new { total = 49.90 } });
        var batch = await host.PostOkAsync("/api/audience/events/batch", new
        {
            events = new[]
            {
                new { name = "order_completed", contactId = contact, idempotencyKey = key },
                new { name = "order_completed", contactId = contact, idempotencyKey = key + "-b" },
                new { name = "order_completed", contactId = contact, idempotencyKey = key + "-b" },
            },
        });

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, batch.GetProperty("stored").GetInt32());
        Assert.Equal(2, batch.GetProperty("duplicates").GetInt32());
        var timeline = await host.GetJsonAsync($"/api/audience/contacts/{contact}/events");
        Assert.Equal(2, timeline.GetArrayLength());
        Assert.Equal(49.90m, timeline.EnumerateArray().Single(e => e.GetProperty("idempotencyKey").GetString() == key).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task An_event_more_than_five_minutes_in_the_future_is_400_naming_occurredAt()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("future") } } });

        var single = await host.Client.PostAsJsonAsync("/api/audience/events", new { name = "login", contactId = contact, occurredAt = DateTimeOffset.UtcNow.AddMinutes(10) });
        var inBatch = await host.Client.PostAsJsonAsync("/api/audience/events/batch", new
        {
            events = new object[]
            {
                new { name = "login", contactId = contact },
                new { name = "login", contactId = contact, occurredAt = DateTimeOffset.UtcNow.AddHours(1) },
            },
        });
        var slightlyAhead = await host.Client.PostAsJsonAsync("/api/audience/events", new { name = "login", contactId = contact, occurredAt = DateTimeOffset.UtcNow.AddMinutes(2) });

        Assert.True((await ProblemAssert.IsProblemAsync(single, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("occurredAt", out _));
        Assert.True((await ProblemAssert.IsProblemAsync(inBatch, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("events[1].occurredAt", out _));
        Assert.Equal(HttpStatusCode.Accepted, slightlyAhead.StatusCode);
        Assert.Single((await host.GetJsonAsync($"/api/audience/contacts/{contact}/events")).EnumerateArray());
    }

    [Theory]
    [InlineData("Order Completed", "name")]
    [InlineData("9lives", "name")]
    public async Task Event_names_outside_the_pattern_are_400(string name, string field)
    {
        var response = await host.Client.PostAsJsonAsync("/api/audience/events", new { name, anonymousId = "v-" + Guid.NewGuid() });

        Assert.True((await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_events_is_accepted_and_stored()
    {
        var contacts = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            contacts.Add(await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("bulk-events") } } }));
        }

        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var events = Enumerable.Range(0, 10_000).Select(i => new
        {
            name = i % 2 == 0 ? "page_view" : "custom.scroll_depth",
            contactId = contacts[i % contacts.Count],
            occurredAt = start.AddSeconds(i),
            properties = new { path = "/p/" + i, value = i },
            idempotencyKey = $"bulk-{contacts[0]:N}-{i}",
        });

        var response = await host.PostOkAsync("/api/audience/events/batch", new { events });

        Assert.Equal(10_000, response.GetProperty("stored").GetInt32());
        var page = await host.GetJsonAsync($"/api/audience/contacts/{contacts[3]}/events?take=500");
        Assert.Equal(500, page.GetArrayLength());
    }

    [Fact]
    public async Task The_timeline_is_newest_first_pages_and_filters_by_name()
    {
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("timeline") } } });
        var baseTime = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await host.PostOkAsync("/api/audience/events/batch", new
        {
            events = new object[]
            {
                new { name = "page_view", contactId = contact, occurredAt = baseTime.AddMinutes(1) },
                new { name = "order_completed", contactId = contact, occurredAt = baseTime.AddMinutes(3), properties = new { revenue = "12.50" } },
                new { name = "page_view", contactId = contact, occurredAt = baseTime.AddMinutes(2) },
                new { name = "page_view", contactId = contact, occurredAt = baseTime },
            },
        });

        var all = await host.GetJsonAsync($"/api/audience/contacts/{contact}/events");
        var pageViews = await host.GetJsonAsync($"/api/audience/contacts/{contact}/events?name=page_view&skip=1&take=1");

        Assert.Equal(["order_completed", "page_view", "page_view", "page_view"], all.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(
            [baseTime.AddMinutes(3), baseTime.AddMinutes(2), baseTime.AddMinutes(1), baseTime],
            all.EnumerateArray().Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()));
        Assert.Equal(12.5m, all[0].GetProperty("amount").GetDecimal());
        Assert.Equal(baseTime.AddMinutes(1), pageViews.EnumerateArray().Single().GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_unknown_contact_is_400_naming_the_reference()
    {
        var response = await host.Client.PostAsJsonAsync("/api/audience/events", new { name = "login", identity = new { kind = "email", value = AudienceHost.UniqueEmail("nobody") } });
        var byId = await host.Client.PostAsJsonAsync("/api/audience/events", new { name = "login", contactId = Guid.NewGuid() });

        Assert.True((await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("identity", out _));
        Assert.True((await ProblemAssert.IsProblemAsync(byId, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("contactId", out _));
    }

    [Fact]
    public async Task A_tracked_event_starts_a_published_workflow_whose_trigger_listens_for_it()
    {
        var eventName = "trial_started_" + Guid.NewGuid().ToString("N")[..8];
        var definitionId = "on-" + eventName.Replace('_', '-');
        var json = new FlowBuilder(definitionId)
            .Activity("received", "Audience.EventReceived", new() { ["eventName"] = Literal(eventName) })
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("received") })
            .Connect("received", "Done", "log").ToJson();
        (await host.Client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(json))).EnsureSuccessStatusCode();
        var contact = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("trigger") } } });

        var other = await host.PostOkAsync("/api/audience/events", new { name = "page_view", contactId = contact });
        var tracked = await host.PostOkAsync("/api/audience/events", new { name = eventName, contactId = contact, properties = new { plan = "pro" } });

        Assert.Equal(0, other.GetProperty("startedWorkflows").GetInt32());
        Assert.Equal(1, tracked.GetProperty("startedWorkflows").GetInt32());
        var instances = await host.GetJsonAsync($"/api/instances?definitionId={definitionId}&take=10");
        Assert.Equal(1, instances.GetProperty("total").GetInt32());
        Assert.Equal(contact.ToString("N"), instances.GetProperty("items")[0].GetProperty("correlationId").GetString());
    }
}
