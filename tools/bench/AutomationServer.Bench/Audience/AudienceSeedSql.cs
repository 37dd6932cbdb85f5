namespace AutomationServer.Bench.Audience;

/// <summary>
/// The seed's statements (@contacts and @events are replaced by the sizes). Contact i's id is md5('c' || i) as a
/// uuid, so ids are spread like random ones and any scenario can name contact i. Which contact an event belongs
/// to is skewed (power(random(), 1.5)): a few contacts are very active, most see a handful of events.
/// </summary>
internal static class AudienceSeedSql
{
    public const string Definitions = """
        INSERT INTO "ContactAttributeDefinitions" ("Name", "Type", "DisplayName", "CreatedAt") VALUES
          ('country', 'string', 'Country', now()),
          ('plan', 'string', 'Plan', now()),
          ('signupDate', 'date', 'Signup date', now()),
          ('lifetimeValue', 'number', 'Lifetime value', now())
        ON CONFLICT DO NOTHING
        """;

    public const string Contacts = """
        INSERT INTO "Contacts" ("Id", "TimeZone", "Locale", "LifecycleStage", "Score", "DoNotContact", "CreatedAt", "UpdatedAt", "Revision")
        SELECT md5('c' || i::text)::uuid,
               (ARRAY['Europe/Berlin', 'Europe/Paris', 'Europe/London', 'America/New_York', 'Asia/Tokyo'])[1 + i % 5],
               (ARRAY['de-DE', 'fr-FR', 'en-GB', 'en-US', 'ja-JP'])[1 + i % 5],
               (ARRAY['lead', 'lead', 'mql', 'sql', 'customer'])[1 + (i / 7) % 5],
               (i % 100)::int, i % 200 = 0,
               now() - interval '1000 days' * ((@contacts - i)::float8 / @contacts), now(), 1
        FROM generate_series(0, @contacts - 1) AS i
        """;

    public const string Identities = """
        INSERT INTO "ContactIdentities" ("Kind", "Value", "ContactId")
        SELECT 'email', 'user' || i::text || '@example.com', md5('c' || i::text)::uuid
        FROM generate_series(0, @contacts - 1) AS i
        """;

    // Country: DE a fifth of contacts; plan: free 60 %, pro 30 %, enterprise 10 %; lifetime value for 70 %.
    public const string Attributes = """
        INSERT INTO "ContactAttributes" ("ContactId", "Name", "TextValue", "NumberValue", "BooleanValue", "DateValue")
        SELECT md5('c' || i::text)::uuid, 'country',
               (ARRAY['DE', 'DE', 'FR', 'GB', 'US', 'US', 'NL', 'ES', 'IT', 'PL'])[1 + (hashint4(i) & 1023) % 10],
               NULL::numeric, NULL::boolean, NULL::timestamptz
        FROM generate_series(0, @contacts - 1) AS i
        UNION ALL
        SELECT md5('c' || i::text)::uuid, 'plan',
               CASE WHEN (hashint4(i + 7) & 1023) % 10 < 6 THEN 'free' WHEN (hashint4(i + 7) & 1023) % 10 < 9 THEN 'pro' ELSE 'enterprise' END, NULL, NULL, NULL
        FROM generate_series(0, @contacts - 1) AS i
        UNION ALL
        SELECT md5('c' || i::text)::uuid, 'signupDate', NULL, NULL, NULL,
               date_trunc('day', now() at time zone 'utc' - interval '1000 days' * ((@contacts - i)::float8 / @contacts)) at time zone 'utc'
        FROM generate_series(0, @contacts - 1) AS i
        UNION ALL
        SELECT md5('c' || i::text)::uuid, 'lifetimeValue', NULL, round((random() * 2000)::numeric, 2), NULL, NULL
        FROM generate_series(0, @contacts - 1) AS i WHERE i % 10 < 7
        """;

    // Email: subscribed 60 %, unsubscribed 15 %, none 25 %; SMS: subscribed 20 %.
    public const string Consents = """
        INSERT INTO "ContactConsents" ("ContactId", "Channel", "Topic", "Status", "Source", "UpdatedAt")
        SELECT md5('c' || i::text)::uuid, 'email', '', CASE WHEN (hashint4(i + 13) & 1023) % 20 < 16 THEN 'Subscribed' ELSE 'Unsubscribed' END,
               'import', now() - interval '1 day' * (i % 700)
        FROM generate_series(0, @contacts - 1) AS i WHERE (hashint4(i + 11) & 1023) % 4 <> 0
        UNION ALL
        SELECT md5('c' || i::text)::uuid, 'sms', '', 'Subscribed', 'import', now() - interval '1 day' * (i % 700)
        FROM generate_series(0, @contacts - 1) AS i WHERE (hashint4(i + 17) & 1023) % 5 = 0
        """;

    // Events in time order over the last 90 days (ids are time-ordered like Guid v7); a realistic mix of names,
    // orders with an amount in their properties and in Amount.
    public const string Events = """
        INSERT INTO "ContactEvents" ("Id", "ContactId", "Name", "OccurredAt", "ReceivedAt", "Properties", "Amount", "IdempotencyKey")
        SELECT (lpad(to_hex(floor(extract(epoch FROM e.at) * 1000)::bigint), 12, '0') || '7' || substr(e.h, 1, 3) || '8' || substr(e.h, 4, 15))::uuid,
               md5('c' || floor(power(random(), 1.5) * @contacts)::bigint::text)::uuid,
               e.name, e.at, e.at,
               CASE e.name
                 WHEN 'order_completed' THEN '{"orderId":"o' || e.i::text || '","total":' || e.amount::text || ',"currency":"EUR"}'
                 WHEN 'page_view' THEN '{"url":"/pages/' || (e.i % 500)::text || '"}'
                 WHEN 'product_view' THEN '{"sku":"p' || (e.i % 2000)::text || '","category":"' || (ARRAY['shoes', 'shirts', 'bags', 'hats'])[1 + e.i % 4] || '"}'
                 WHEN 'email_opened' THEN '{"campaign":"c' || (e.i % 40)::text || '"}'
                 WHEN 'email_clicked' THEN '{"campaign":"c' || (e.i % 40)::text || '"}'
                 ELSE '{}'
               END,
               CASE WHEN e.name = 'order_completed' THEN e.amount END,
               NULL
        FROM (
          SELECT i, md5('e' || i::text) AS h,
                 now() - interval '1 minute' - interval '90 days' * ((@events - i)::float8 / @events) AS at,
                 round((5 + random() * 195)::numeric, 2) AS amount,
                 CASE WHEN r < 0.45 THEN 'page_view' WHEN r < 0.65 THEN 'product_view' WHEN r < 0.72 THEN 'cart_updated'
                      WHEN r < 0.80 THEN 'email_opened' WHEN r < 0.85 THEN 'email_clicked' WHEN r < 0.90 THEN 'login'
                      WHEN r < 0.93 THEN 'form_submitted' WHEN r < 0.97 THEN 'order_completed' WHEN r < 0.98 THEN 'signup'
                      ELSE 'cart_abandoned' END AS name
          FROM (SELECT i, random() AS r FROM generate_series(0, @events - 1) AS i) numbered
        ) e
        """;
}
