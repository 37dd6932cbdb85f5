using System.Globalization;
using System.Text.Json;

namespace AutomationServer.Bench.Audience;

/// <summary>The segments and events the audience benchmarks use, over the contacts <see cref="AudienceSeed"/> loads.</summary>
internal static class AudienceWorkload
{
    /// <summary>The three-condition segment: an attribute, an event count in the last 30 days, a consent.</summary>
    public const string ThreeConditions = """
        {"and": [
          {"attribute": {"name": "country", "op": "eq", "value": "DE"}},
          {"event": {"name": "page_view", "within": "30d", "count": {"op": "gte", "value": 3}}},
          {"consent": {"channel": "email"}}
        ]}
        """;

    /// <summary>The same count written by hand, to check the server's answer.</summary>
    public const string ThreeConditionsByHand = """
        SELECT COUNT(*) FROM "ContactAttributes" a
        JOIN "ContactConsents" k ON k."ContactId" = a."ContactId" AND k."Channel" = 'email' AND k."Topic" = '' AND k."Status" = 'Subscribed'
        WHERE a."Name" = 'country' AND a."TextValue" = 'DE'
          AND (SELECT COUNT(*) FROM "ContactEvents" e WHERE e."ContactId" = a."ContactId" AND e."Name" = 'page_view'
               AND e."OccurredAt" >= now() - interval '30 days' AND e."OccurredAt" <= now()) >= 3
        """;

    public const string ComputeSegmentId = "bench-three-conditions";

    /// <summary>Ten segments of different shapes the incremental update evaluates for every event (one refers to another).</summary>
    public static readonly (string Id, string Definition)[] Segments =
    [
        ("bench-de-engaged-subscribed", ThreeConditions),
        ("bench-recent-buyers", """{"event": {"name": "order_completed", "within": "30d"}}"""),
        ("bench-high-value", """{"event": {"name": "order_completed", "within": "90d", "sum": {"op": "gte", "value": 300}}}"""),
        ("bench-cart-abandoners", """{"and": [{"event": {"name": "cart_updated", "within": "7d"}}, {"not": {"event": {"name": "order_completed", "within": "7d"}}}]}"""),
        ("bench-paying-plans", """{"attribute": {"name": "plan", "op": "in", "value": ["pro", "enterprise"]}}"""),
        ("bench-engaged-not-buying", """{"and": [{"event": {"name": "email_clicked", "within": "30d", "count": {"op": "gte", "value": 1}}}, {"not": {"event": {"name": "order_completed", "within": "30d"}}}]}"""),
        ("bench-new-signups", """{"attribute": {"name": "signupDate", "op": "withinLast", "value": "30d"}}"""),
        ("bench-dormant", """{"event": {"name": "login", "lastSeen": {"op": "olderThan", "value": "30d"}}}"""),
        ("bench-sms-leads", """{"and": [{"consent": {"channel": "sms"}}, {"stage": {"op": "in", "value": ["mql", "sql"]}}]}"""),
        ("bench-engaged-paying", """{"and": [{"segment": {"id": "bench-de-engaged-subscribed"}}, {"segment": {"id": "bench-paying-plans"}}]}"""),
    ];

    private static readonly string[] Names = ["page_view", "page_view", "page_view", "product_view", "product_view", "cart_updated", "email_clicked", "login", "order_completed"];

    /// <summary>One tracked event for a seeded contact; orders carry a total so sums and RFM have amounts.</summary>
    public static object Event(Random random, long contacts)
    {
        var name = Names[random.Next(Names.Length)];
        var contactId = AudienceSeed.ContactId(random.NextInt64(contacts));
        object properties = name switch
        {
            "order_completed" => new { orderId = Guid.NewGuid().ToString("N"), total = Math.Round(5 + (random.NextDouble() * 195), 2), currency = "EUR" },
            "page_view" => new { url = "/pages/" + random.Next(500).ToString(CultureInfo.InvariantCulture) },
            "product_view" => new { sku = "p" + random.Next(2000).ToString(CultureInfo.InvariantCulture), category = "shoes" },
            _ => new { },
        };
        return new { name, contactId, properties };
    }

    public static string Batch(Random random, long contacts, int size) =>
        JsonSerializer.Serialize(new { events = Enumerable.Range(0, size).Select(_ => Event(random, contacts)).ToList() });

    public static string Segment(string id, string definition) =>
        $$"""{"id": "{{id}}", "name": "{{id}}", "definition": {{definition}}}""";
}
