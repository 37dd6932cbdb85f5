using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Rendering.Liquid;
using AutomationServer.Messaging.Templates;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Messaging.Tests.Templates;

public sealed class TemplateMessageRendererTests
{
    private static readonly Guid ContactId = Guid.Parse("5b0b7a52-8d43-4a53-9d8a-3c1f7b0f1a11");
    private static readonly Guid MessageId = Guid.Parse("0f4c2d1e-1111-4222-8333-444455556666");

    private readonly InMemoryTemplateStore _store = new();
    private readonly FixedSegments _segments = new(new ContactSegment("vip", "VIP customers"));

    private static Recipient Ada => new()
    {
        ContactId = ContactId,
        Address = "ada@example.test",
        Locale = "en-GB",
        TimeZone = "Europe/London",
        LifecycleStage = "customer",
        Score = 42,
        Identities = new Dictionary<string, string> { ["email"] = "ada@example.test", ["phone"] = "+441234567890" },
        Attributes = new Dictionary<string, object?> { ["first_name"] = "Ada", ["plan"] = "pro", ["seats"] = 3L },
        Tags = ["beta"],
    };

    [Fact]
    public async Task Contact_attributes_event_data_and_variables_fill_the_template()
    {
        _store.Add("welcome", "email",
            subject: "Welcome {{ contact.first_name }}",
            html: "<p>{{ contact.email }} on {{ contact.plan }} ({{ contact.seats }} seats, score {{ contact.score }}, {{ contact.stage }}, {{ contact.tags | join: ',' }})</p>" +
                  "<p>Order {{ event.order_id }} of {{ data.total }}; trial ends {{ data.trial.ends }}</p><p>{{ message.id }}</p>");

        var rendered = await Renderer().RenderAsync(MessageId, Request("welcome", new Dictionary<string, object?>
        {
            ["order_id"] = "A-17",
            ["total"] = 99.5,
            ["trial"] = new Dictionary<string, object?> { ["ends"] = "2026-01-31" },
        }), Ada, CancellationToken.None);

        Assert.Equal("Welcome Ada", rendered.Subject);
        Assert.Equal(
            "<p>ada@example.test on pro (3 seats, score 42, customer, beta)</p><p>Order A-17 of 99.5; trial ends 2026-01-31</p>" +
            $"<p>{MessageId:D}</p>",
            rendered.HtmlBody);
        Assert.Equal("team@example.test", rendered.From);
    }

    [Fact]
    public async Task Html_output_is_encoded_but_subject_and_text_are_not()
    {
        _store.Add("enc", "email", subject: "{{ data.name }} & co", html: "<p>{{ data.name }}</p>", text: "Hi {{ data.name }}");

        var rendered = await Renderer().RenderAsync(MessageId, Request("enc", new Dictionary<string, object?> { ["name"] = "<b>Zoë</b>" }), Ada, CancellationToken.None);

        Assert.Equal("<p>&lt;b&gt;Zoë&lt;/b&gt;</p>", rendered.HtmlBody);
        Assert.Equal("<b>Zoë</b> & co", rendered.Subject);
        Assert.Equal("Hi <b>Zoë</b>", rendered.TextBody);
    }

    [Theory]
    [InlineData("vip", "in")]
    [InlineData("VIP customers", "in")]
    [InlineData("churned", "out")]
    public async Task The_segment_block_shows_by_segment_id_or_name(string segment, string expected)
    {
        _store.Add("seg", "sms", text: $"{{% segment '{segment}' %}}in{{% else %}}out{{% endsegment %}}");

        var rendered = await Renderer().RenderAsync(MessageId, Request("seg", channel: "sms"), Ada, CancellationToken.None);

        Assert.Equal(expected, rendered.TextBody);
    }

    [Fact]
    public async Task Segments_are_listed_by_id_and_name_and_only_queried_when_the_template_uses_them()
    {
        _store.Add("plain", "sms", text: "Hi {{ contact.first_name }}");
        _store.Add("segs", "sms", text: "{% if contact.segments contains 'VIP customers' %}yes{% endif %} {{ contact.segment_ids | join: ',' }}");
        var renderer = Renderer();

        Assert.Equal("Hi Ada", (await renderer.RenderAsync(MessageId, Request("plain", channel: "sms"), Ada, CancellationToken.None)).TextBody);
        Assert.Equal(0, _segments.Queries);
        Assert.Equal("yes vip", (await renderer.RenderAsync(MessageId, Request("segs", channel: "sms"), Ada, CancellationToken.None)).TextBody);
        Assert.Equal(1, _segments.Queries);
    }

    [Fact]
    public async Task Unsubscribe_and_preferences_links_come_from_the_tracking_links_when_installed()
    {
        _store.Add("links", "email", subject: "s", html: "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> <a href=\"{{ preferences_url }}\">Preferences</a>");

        var rendered = await Renderer(new FakeLinks()).RenderAsync(MessageId, Request("links"), Ada, CancellationToken.None);

        Assert.Contains($"href=\"https://mail.example.test/u/{MessageId:N}/{ContactId:N}\"", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://mail.example.test/p/{ContactId:N}\"", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"Unsubscribe (https://mail.example.test/u/{MessageId:N}/{ContactId:N}) Preferences (https://mail.example.test/p/{ContactId:N})", rendered.TextBody);
    }

    [Fact]
    public async Task The_requests_subject_wins_and_the_text_part_is_generated_from_html_with_the_preheader_hidden()
    {
        _store.Add("over", "email", subject: "Template subject", html: "<html><body><h1>Hello {{ contact.first_name }}</h1><p>Body</p></body></html>", preheader: "Peek {{ contact.first_name }}");

        var rendered = await Renderer().RenderAsync(MessageId, Request("over") with { Subject = "Override for {{ contact.first_name }}" }, Ada, CancellationToken.None);

        Assert.Equal("Override for Ada", rendered.Subject);
        Assert.StartsWith("<html><head></head><body><div style=\"display:none", rendered.HtmlBody!.Replace("<html><body>", "<html><head></head><body>", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Peek Ada</div>", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("HELLO ADA\n\nBody", rendered.TextBody);
    }

    [Fact]
    public async Task A_request_without_template_renders_its_own_liquid_and_reports_errors()
    {
        var request = new MessageRequest { Channel = "email", Subject = "Hi {{ contact.first_name }}", Body = "Text {{ data.x }}", HtmlBody = "<i>{{ data.x }}</i>", Data = new Dictionary<string, object?> { ["x"] = "<1>" } };

        var rendered = await Renderer().RenderAsync(MessageId, request, Ada, CancellationToken.None);

        Assert.Equal(("Hi Ada", "Text <1>", "<i>&lt;1&gt;</i>"), (rendered.Subject, rendered.TextBody, rendered.HtmlBody));
        var failure = await Assert.ThrowsAsync<MessageRenderException>(() => Renderer().RenderAsync(MessageId, request with { Body = "a\n{{ data.x | }}" }, Ada, CancellationToken.None));
        Assert.Contains("line 2, column", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_template_or_another_channels_template_is_a_render_failure()
    {
        _store.Add("sms-only", "sms", text: "x");

        await Assert.ThrowsAsync<MessageRenderException>(() => Renderer().RenderAsync(MessageId, Request("nope"), Ada, CancellationToken.None));
        var wrong = await Assert.ThrowsAsync<MessageRenderException>(() => Renderer().RenderAsync(MessageId, Request("sms-only"), Ada, CancellationToken.None));
        Assert.Contains("sms template", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runaway_loop_is_stopped_as_a_render_failure()
    {
        _store.Add("loop", "sms", text: "{% for i in (1..10000000) %}x{% endfor %}");

        await Assert.ThrowsAsync<MessageRenderException>(() => Renderer().RenderAsync(MessageId, Request("loop", channel: "sms"), Ada, CancellationToken.None));
    }

    [Fact]
    public async Task Ten_thousand_messages_render_from_one_cached_template()
    {
        _store.Add("bulk", "email", subject: "Hi {{ contact.first_name }}",
            html: "<h2>Hello {{ contact.first_name }}</h2><p>Your plan: {{ contact.plan }}</p><ul><li>{{ data.a }}</li><li>{{ data.b }}</li></ul><a href=\"https://example.test\">Visit</a>");
        var renderer = Renderer();
        var request = Request("bulk", new Dictionary<string, object?> { ["a"] = "one", ["b"] = "two" });

        for (var i = 0; i < 10_000; i++)
        {
            var recipient = Ada with { Attributes = new Dictionary<string, object?> { ["first_name"] = $"Reader {i}", ["plan"] = "pro" } };
            var rendered = await renderer.RenderAsync(Guid.NewGuid(), request, recipient, CancellationToken.None);
            Assert.Equal($"Hi Reader {i}", rendered.Subject);
        }

        // One template read and one version read: every other message came from the cache.
        Assert.Equal(2, _store.Reads);
    }

    private TemplateMessageRenderer Renderer(ITrackingLinks? links = null)
    {
        var services = new ServiceCollection();
        if (links is not null)
        {
            services.AddSingleton(links);
        }

        return new TemplateMessageRenderer(new MessageTemplateCache(_store, TimeProvider.System), _segments, services.BuildServiceProvider());
    }

    private static MessageRequest Request(string templateId, Dictionary<string, object?>? data = null, string channel = "email") => new()
    {
        Channel = channel,
        TemplateId = templateId,
        ContactId = ContactId.ToString("D"),
        Data = data ?? [],
    };

    private sealed class FakeLinks : ITrackingLinks
    {
        public string UnsubscribeUrl(Guid messageId, Guid contactId) => $"https://mail.example.test/u/{messageId:N}/{contactId:N}";

        public string PreferencesUrl(Guid contactId) => $"https://mail.example.test/p/{contactId:N}";

        public string ClickUrl(Guid messageId, string targetUrl) => targetUrl;

        public string OpenPixelUrl(Guid messageId) => "https://mail.example.test/o.gif";
    }
}
