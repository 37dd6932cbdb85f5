using System.Text.Json;
using AutomationServer.Audience.Persistence;

namespace AutomationServer.Audience.Tests.Infrastructure;

/// <summary>
/// A reproducible audience (random with a fixed seed) kept both in the database and in memory, so every segment
/// count can be compared with the same question asked in LINQ to objects.
/// </summary>
public sealed class AudienceSeed
{
    public static readonly string[] Plans = ["gold", "silver", "bronze", "Golden Hour"];
    public static readonly string[] Stages = ["lead", "mql", "customer"];
    public static readonly string[] Tags = ["newsletter", "vip", "beta"];
    public static readonly string[] Interests = ["golf", "tennis", "chess"];

    public List<ContactRecord> Contacts { get; } = [];
    public List<ContactAttributeRecord> Attributes { get; } = [];
    public List<ContactTagRecord> ContactTags { get; } = [];
    public List<ContactConsentRecord> Consents { get; } = [];
    public List<ContactEventRecord> Events { get; } = [];

    public static AudienceSeed Generate(DateTime now, int contacts = 240, int seed = 7)
    {
        var random = new Random(seed);
        var data = new AudienceSeed();
        for (var i = 0; i < contacts; i++)
        {
            var id = Guid.CreateVersion7(now.AddMinutes(-i));
            data.Contacts.Add(new ContactRecord
            {
                Id = id,
                Score = random.Next(0, 101),
                LifecycleStage = random.Next(4) == 0 ? null : Stages[random.Next(Stages.Length)],
                CreatedAt = now,
                UpdatedAt = now,
            });
            if (random.Next(5) > 0)
            {
                data.Attribute(id, "plan", a => a.TextValue = Plans[random.Next(Plans.Length)]);
            }

            if (random.Next(4) > 0)
            {
                data.Attribute(id, "age", a => a.NumberValue = random.Next(18, 80) + (random.Next(2) == 0 ? 0.5m : 0m));
            }

            if (random.Next(3) > 0)
            {
                data.Attribute(id, "vip", a => a.BooleanValue = random.Next(2) == 0);
            }

            if (random.Next(3) > 0)
            {
                data.Attribute(id, "birthday", a => a.DateValue = new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 365 * 45)));
            }

            if (random.Next(3) > 0)
            {
                data.Attribute(id, "lastLoginAt", a => a.DateValue = now.AddHours(-random.Next(0, 24 * 20)));
            }

            if (random.Next(2) > 0)
            {
                data.Attribute(id, "interests", a => a.TextValue = JsonSerializer.Serialize(Interests.Where(_ => random.Next(2) == 0).ToArray()));
            }

            foreach (var tag in Tags.Where(_ => random.Next(3) == 0))
            {
                data.ContactTags.Add(new ContactTagRecord { ContactId = id, Tag = tag });
            }

            var consent = random.Next(3);
            if (consent < 2)
            {
                data.Consents.Add(new ContactConsentRecord
                {
                    ContactId = id,
                    Channel = "email",
                    Topic = "",
                    Status = consent == 0 ? ConsentStatus.Subscribed : ConsentStatus.Unsubscribed,
                    Source = "test",
                    UpdatedAt = now,
                });
            }

            for (var n = random.Next(0, 4); n > 0; n--)
            {
                data.Event(id, "email_clicked", now.AddHours(-random.Next(0, 24 * 45)), "{}", null);
            }

            for (var n = random.Next(0, 5); n > 0; n--)
            {
                var total = random.Next(5, 150);
                var category = random.Next(2) == 0 ? "shoes" : "books";
                var gift = random.Next(2) == 0;
                data.Event(id, "order_completed", now.AddHours(-random.Next(0, 24 * 60)),
                    JsonSerializer.Serialize(new { total, category, gift, items = new { count = random.Next(1, 4) } }), random.Next(6) == 0 ? null : total);
            }

            for (var n = random.Next(0, 3); n > 0; n--)
            {
                var url = random.Next(2) == 0 ? "/pricing/teams" : "/blog/post-" + random.Next(9);
                data.Event(id, "page_view", now.AddHours(-random.Next(0, 24 * 40)), JsonSerializer.Serialize(new { url, total = "12" }), null);
            }
        }

        return data;
    }

    public static IReadOnlyList<ContactAttributeDefinitionRecord> Definitions(DateTime now) =>
    [
        new() { Name = "plan", Type = "string", CreatedAt = now },
        new() { Name = "age", Type = "number", CreatedAt = now },
        new() { Name = "vip", Type = "boolean", CreatedAt = now },
        new() { Name = "birthday", Type = "date", CreatedAt = now },
        new() { Name = "lastLoginAt", Type = "datetime", CreatedAt = now },
        new() { Name = "interests", Type = "list", CreatedAt = now },
    ];

    public async Task StoreAsync(SegmentTestDatabase database)
    {
        await using var db = await database.ContextAsync();
        db.ContactAttributeDefinitions.AddRange(Definitions(database.Clock.GetUtcNow().UtcDateTime));
        db.Contacts.AddRange(Contacts);
        db.ContactAttributes.AddRange(Attributes);
        db.ContactTags.AddRange(ContactTags);
        db.ContactConsents.AddRange(Consents);
        db.ContactEvents.AddRange(Events);
        await db.SaveChangesAsync();
    }

    public ContactAttributeRecord? AttributeOf(Guid contactId, string name) =>
        Attributes.FirstOrDefault(a => a.ContactId == contactId && a.Name == name);

    public IEnumerable<ContactEventRecord> EventsOf(Guid contactId, string name) => Events.Where(e => e.ContactId == contactId && e.Name == name);

    public ContactEventRecord Event(Guid contactId, string name, DateTime occurredAt, string properties, decimal? amount)
    {
        var record = new ContactEventRecord
        {
            Id = Guid.CreateVersion7(),
            ContactId = contactId,
            Name = name,
            OccurredAt = occurredAt,
            ReceivedAt = occurredAt,
            Properties = properties,
            Amount = amount,
        };
        Events.Add(record);
        return record;
    }

    private void Attribute(Guid contactId, string name, Action<ContactAttributeRecord> set)
    {
        var attribute = new ContactAttributeRecord { ContactId = contactId, Name = name };
        set(attribute);
        Attributes.Add(attribute);
    }
}
