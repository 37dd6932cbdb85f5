using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Messaging.Templates;

/// <summary>The templates API through the real host on SQLite, with a recording email channel for test sends.</summary>
public sealed class MessageTemplateApiTests : IAsyncDisposable
{
    private readonly RecordingChannel _channel = new();
    private readonly AutomationServerFactory _factory;
    private readonly HttpClient _client;

    public MessageTemplateApiTests()
    {
        _factory = new AutomationServerFactory
        {
            TestServices = services =>
            {
                services.AddSingleton(_channel);
                services.AddSingleton(new ChannelRegistration("email", "Recording email", null, typeof(RecordingChannel), "tests"));
            },
        };
        _client = _factory.CreateAuthorizedClient();
    }

    [Fact]
    public async Task A_syntax_error_is_refused_on_save_with_field_line_and_column()
    {
        var response = await _client.PostAsJsonAsync("/api/templates", new
        {
            id = "trial-day-0", name = "Trial day 0", channel = "email", subject = "Welcome",
            html = "<p>Hello</p>\n<p>{% if contact.plan == 'pro' %}Pro{% endiff %}</p>",
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("html", out _));
        var detail = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal("html", detail.GetProperty("field").GetString());
        Assert.Equal(2, detail.GetProperty("line").GetInt32());
        Assert.True(detail.GetProperty("column").GetInt32() > 1);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/templates/trial-day-0")).StatusCode);
    }

    [Fact]
    public async Task Every_save_is_a_version_and_revert_saves_an_old_one_as_new()
    {
        await CreateAsync("trial-day-0", "Welcome v1");
        var updated = await OkAsync(await _client.PutAsJsonAsync("/api/templates/trial-day-0", new { subject = "Welcome v2", html = "<p>v2</p>", note = "Shorter" }));
        Assert.Equal(2, updated.GetProperty("currentVersion").GetInt32());
        Assert.Equal("Trial day 0", updated.GetProperty("name").GetString());

        var reverted = await OkAsync(await _client.PostAsync("/api/templates/trial-day-0/revert/1", null));
        Assert.Equal(3, reverted.GetProperty("version").GetInt32());
        Assert.Equal("Welcome v1", reverted.GetProperty("subject").GetString());
        Assert.Equal("Reverted to version 1.", reverted.GetProperty("note").GetString());

        var versions = await OkAsync(await _client.GetAsync("/api/templates/trial-day-0/versions"));
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var second = await OkAsync(await _client.GetAsync("/api/templates/trial-day-0/versions/2"));
        Assert.Equal("Welcome v2", second.GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/templates/trial-day-0/versions/9")).StatusCode);

        var current = await OkAsync(await _client.GetAsync("/api/templates/trial-day-0"));
        Assert.Equal("Welcome v1", current.GetProperty("subject").GetString());
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates", new { id = "trial-day-0", name = "x", channel = "email", subject = "s", html = "h" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await _client.PutAsJsonAsync("/api/templates/trial-day-0", new { channel = "sms", text = "x" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_list_filters_by_search_and_channel_in_the_shape_the_designer_picker_reads()
    {
        await CreateAsync("trial-day-0", "s");
        await OkAsync(await _client.PostAsJsonAsync("/api/templates", new { id = "order-shipped-sms", name = "Order shipped", channel = "sms", text = "Shipped {{ event.order_id }}" }));

        var all = await OkAsync(await _client.GetAsync("/api/templates?take=500"));
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal(["order-shipped-sms", "trial-day-0"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var sms = await OkAsync(await _client.GetAsync("/api/templates?channel=sms"));
        Assert.Equal("order-shipped-sms", Assert.Single(sms.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var search = await OkAsync(await _client.GetAsync("/api/templates?search=TRIAL"));
        Assert.Equal("Trial day 0", Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Validate_answers_200_or_the_problems_without_saving()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/api/templates/validate", new { name = "x", channel = "sms", text = "Hi {{ contact.first_name }}" })).StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(
            await _client.PostAsJsonAsync("/api/templates/validate", new { name = "x", channel = "sms", text = "Hi\n{{ contact.first_name" }), HttpStatusCode.BadRequest);
        Assert.Equal(2, Assert.Single(problem.GetProperty("problems").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.Equal(0, (await OkAsync(await _client.GetAsync("/api/templates"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Preview_renders_for_a_contact_with_their_segments_and_the_data_given()
    {
        Assert.True((await _client.PostAsJsonAsync("/api/audience/attributes", new { name = "first_name", type = "string" })).IsSuccessStatusCode);
        var contact = await OkAsync(await _client.PostAsJsonAsync("/api/audience/contacts", new
        {
            identities = new object[] { new { kind = "email", value = "ada@example.com" } },
            attributes = new { first_name = "Ada" },
            tags = new[] { "vip" },
        }));
        var contactId = contact.GetProperty("id").GetString();
        await OkAsync(await _client.PostAsJsonAsync("/api/segments", new { id = "vips", name = "VIP customers", definition = new { tag = new { op = "has", value = "vip" } } }));
        await OkAsync(await _client.PostAsJsonAsync("/api/templates", new
        {
            id = "weekly", name = "Weekly", channel = "email", subject = "Hi {{ contact.first_name }}",
            html = "<h1>News for {{ contact.email }}</h1>{% segment 'VIP customers' %}<p>VIP offer: {{ data.offer }}</p>{% else %}<p>Join us</p>{% endsegment %}",
        }));

        var preview = await OkAsync(await _client.PostAsJsonAsync("/api/templates/weekly/preview", new { contactId, data = new { offer = "<30%>" } }));

        Assert.Equal("Hi Ada", preview.GetProperty("subject").GetString());
        Assert.Equal("<h1>News for ada@example.com</h1><p>VIP offer: &lt;30%&gt;</p>", preview.GetProperty("html").GetString());
        Assert.Equal("NEWS FOR ADA@EXAMPLE.COM\n\nVIP offer: <30%>", preview.GetProperty("text").GetString());

        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates/weekly/preview", new { contactId = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates/weekly/preview", new { contactId = "nope" }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates/missing/preview", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Test_send_renders_and_hands_the_message_to_the_channel_with_a_test_subject()
    {
        await CreateAsync("trial-day-0", "Welcome {{ data.name }}");

        var sent = await OkAsync(await _client.PostAsJsonAsync("/api/templates/trial-day-0/test-send", new { to = "me@example.com", data = new { name = "Tester" } }));

        Assert.Equal("Sent", sent.GetProperty("status").GetString());
        var message = Assert.Single(_channel.Sent);
        Assert.Equal(("email", "me@example.com", "[Test] Welcome Tester"), (message.Channel, message.To, message.Subject));
        Assert.Equal("<p>Hello</p>", message.HtmlBody);
        Assert.Equal("Hello", message.Body);
        Assert.NotEqual(Guid.Empty, message.MessageId);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates/trial-day-0/test-send", new { data = new { } }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Test_send_without_an_installed_channel_is_a_problem()
    {
        await OkAsync(await _client.PostAsJsonAsync("/api/templates", new { id = "sms-1", name = "SMS", channel = "sms", text = "Hi" }));

        var problem = await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/templates/sms-1/test-send", new { to = "+4930123456" }), HttpStatusCode.Conflict);

        Assert.Contains("'sms'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_channel.Sent);
    }

    [Fact]
    public async Task Delete_is_refused_while_a_published_journey_uses_the_template()
    {
        await CreateAsync("trial-day-0", "s");
        var journey = new FlowBuilder("trial-onboarding", "Trial onboarding")
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Literal("trial-day-0") })
            .ToJson();
        using (var imported = await _client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(journey)))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }

        var problem = await ProblemAssert.IsProblemAsync(await _client.DeleteAsync("/api/templates/trial-day-0"), HttpStatusCode.Conflict);
        Assert.Contains("Trial onboarding", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.True((await _client.PostAsync("/api/definitions/trial-onboarding/retract", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/templates/trial-day-0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/templates/trial-day-0")).StatusCode);
        Assert.Equal(0, (await OkAsync(await _client.GetAsync("/api/templates"))).GetProperty("total").GetInt32());

        // Creating the id again brings the template back with the next version number.
        var recreated = await CreateAsync("trial-day-0", "again");
        Assert.Equal(2, recreated.GetProperty("version").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<JsonElement> CreateAsync(string id, string subject) =>
        await OkAsync(await _client.PostAsJsonAsync("/api/templates", new { id, name = "Trial day 0", channel = "email", subject, html = "<p>Hello</p>" }));

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class RecordingChannel : IChannel
    {
        public ConcurrentQueue<OutgoingMessage> Sent { get; } = new();

        public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return ValueTask.FromResult(SendResult.Sent("provider-1"));
        }
    }
}
