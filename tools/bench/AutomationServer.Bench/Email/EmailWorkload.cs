using System.Text.Json;

namespace AutomationServer.Bench.Email;

/// <summary>
/// What the email benchmark sends: contacts with email consent and attributes, a personalised template (name, a condition
/// on an attribute, event data, the unsubscribe link) and the journey "bench_email event -> Email.Send".
/// </summary>
internal static class EmailWorkload
{
    public const string DefinitionId = "bench-email-pipeline";
    public const string EventName = "bench_email";
    public const string TemplateId = "bench-welcome";

    public static readonly (string Name, string Type)[] Attributes = [("first_name", "string"), ("plan", "string"), ("city", "string")];

    public static string Email(int i) => $"reader{i}@bench.example";

    public static string FirstName(int i) => $"Reader{i}";

    public static string Plan(int i) => i % 3 == 0 ? "pro" : "free";

    public static string City(int i) => $"City{i % 97}";

    public static string Template => JsonSerializer.Serialize(new
    {
        id = TemplateId,
        name = "Benchmark welcome",
        channel = "email",
        subject = "Welcome, {{ contact.first_name }}",
        html = """
            <html><body>
            <h1>Hello {{ contact.first_name }}!</h1>
            <p>Thanks for joining from {{ contact.city }}. Your order {{ data.order }} is on its way.</p>
            {% if contact.plan == 'pro' %}<p>As a Pro member you get priority support.</p>{% else %}<p>Upgrade to Pro for priority support.</p>{% endif %}
            <p>Read <a href="https://bench.example/guide">the guide</a> to get started. We have collected the questions new readers ask most
            often, with short answers, and a list of the settings worth changing in the first week.</p>
            <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
            </body></html>
            """,
    });

    /// <summary>Creates or updates contacts <paramref name="first"/> onwards with their email, attributes and tags.</summary>
    public static string Contacts(int first, int size) => JsonSerializer.Serialize(new
    {
        contacts = Enumerable.Range(first, size).Select(i => new
        {
            identities = new[] { new { kind = "email", value = Email(i) } },
            attributes = new Dictionary<string, string> { ["first_name"] = FirstName(i), ["plan"] = Plan(i), ["city"] = City(i) },
        }),
    });

    public static string Consent => """{"channel": "email", "status": "subscribed", "source": "benchmark"}""";

    /// <summary>One batch of events for the given contacts (by id), each with its own order number.</summary>
    public static string Events(IReadOnlyList<(int Index, Guid ContactId)> contacts) => JsonSerializer.Serialize(new
    {
        events = contacts.Select(c => new { name = EventName, contactId = c.ContactId, properties = new { order = $"ORD-{c.Index}" } }),
    });

    /// <summary>The personalised lines a message to contact <paramref name="i"/> must contain.</summary>
    public static string[] Expected(int i) =>
        [$"Welcome, {FirstName(i)}", $"Hello {FirstName(i)}!", City(i), $"ORD-{i}", Plan(i) == "pro" ? "As a Pro member" : "Upgrade to Pro", "/unsubscribe/"];

    public static string Definition => $$"""
    {
      "definitionId": "{{DefinitionId}}",
      "name": "Benchmark: email pipeline",
      "version": 1,
      "variables": [],
      "root": {
        "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
        "activities": [
          { "id": "received", "type": "Audience.EventReceived", "version": 1, "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{EventName}}" } } },
          { "id": "send", "type": "Email.Send", "version": 1, "template": { "typeName": "String", "expression": { "type": "Literal", "value": "{{TemplateId}}" } } }
        ],
        "connections": [
          { "source": { "activity": "received", "port": "Done" }, "target": { "activity": "send", "port": "In" } }
        ]
      }
    }
    """;
}
