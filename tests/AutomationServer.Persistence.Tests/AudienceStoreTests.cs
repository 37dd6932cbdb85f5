using AutomationServer.Audience.Persistence;
using AutomationServer.Persistence.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence.Tests;

public abstract class AudienceStoreTests : DatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private IContactStore Contacts => Database.Services.GetRequiredService<IContactStore>();

    private IContactEventStore Events => Database.Services.GetRequiredService<IContactEventStore>();

    private IConsentStore Consents => Database.Services.GetRequiredService<IConsentStore>();

    private IContactAttributeSchemaStore Schema => Database.Services.GetRequiredService<IContactAttributeSchemaStore>();

    [DatabaseFact]
    public async Task An_upsert_naming_two_contacts_merges_everything_into_the_first_and_deletes_the_other()
    {
        await Schema.AddAsync(new ContactAttributeDefinitionRecord { Name = "plan", Type = "string", CreatedAt = Sample.Now }, None);
        await Schema.AddAsync(new ContactAttributeDefinitionRecord { Name = "ltv", Type = "number", CreatedAt = Sample.Now }, None);
        var known = (await Contacts.UpsertAsync([Patch([Email("ada@example.com")], [Text("plan", "gold")], ["vip"])], Sample.Now, None)).Single().ContactId;
        var visitor = (await Contacts.EnsureAnonymousAsync(["visitor-1"], Sample.Now, None))["visitor-1"];
        await Contacts.UpsertAsync([Patch([Anonymous("visitor-1")], [Text("plan", "free"), Number("ltv", 12.5m)], ["vip", "browser"])], Sample.Now, None);
        await Events.AppendAsync([Event(visitor, "page_view", Sample.Now)], None);
        await Consents.SetAsync(Change(known, "email", ConsentStatus.Subscribed, Sample.Now), null, None);
        await Consents.SetAsync(Change(visitor, "email", ConsentStatus.Unsubscribed, Sample.Now.AddMinutes(1)), null, None);
        await using (var db = await ContextAsync())
        {
            db.Segments.AddRange(Segment("a"), Segment("b"));
            db.SegmentMemberships.AddRange(
                new SegmentMembershipRecord { SegmentId = "a", ContactId = known, EnteredAt = Sample.Now },
                new SegmentMembershipRecord { SegmentId = "a", ContactId = visitor, EnteredAt = Sample.Now },
                new SegmentMembershipRecord { SegmentId = "b", ContactId = visitor, EnteredAt = Sample.Now });
            await db.SaveChangesAsync();
        }

        var outcome = (await Contacts.UpsertAsync([Patch([Email("ada@example.com"), Anonymous("visitor-1")], [], [])], Sample.Now.AddHours(1), None)).Single();

        Assert.Equal(known, outcome.ContactId);
        Assert.Equal([visitor], outcome.MergedContactIds);
        var merged = (await Contacts.GetAsync(known, None))!;
        Assert.Equal(["anonymous:visitor-1", "email:ada@example.com"], merged.Identities.Select(i => $"{i.Kind}:{i.Value}").Order());
        Assert.Equal("gold", merged.Attributes.Single(a => a.Name == "plan").TextValue);
        Assert.Equal(12.5m, merged.Attributes.Single(a => a.Name == "ltv").NumberValue);
        Assert.Equal(["browser", "vip"], merged.Tags.Order());
        Assert.Null(await Contacts.GetAsync(visitor, None));
        Assert.Single(await Events.TimelineAsync(new TimelineQuery(known, null, 0, 10), None));
        // The later decision stands: the visitor unsubscribed after the known contact subscribed.
        Assert.Equal(ConsentStatus.Unsubscribed, (await Consents.ListAsync(known, None)).Single().Status);
        Assert.Equal(2, (await Consents.HistoryAsync(known, None)).Count);
        await using (var db = await ContextAsync())
        {
            Assert.Equal(["a", "b"], await db.SegmentMemberships.Where(m => m.ContactId == known).Select(m => m.SegmentId).OrderBy(s => s).ToListAsync());
            Assert.False(await db.ContactIdentities.AnyAsync(i => i.ContactId == visitor));
        }
    }

    [DatabaseFact]
    public async Task Repeating_an_upsert_changes_nothing()
    {
        await Schema.AddAsync(new ContactAttributeDefinitionRecord { Name = "ltv", Type = "number", CreatedAt = Sample.Now }, None);
        var patch = Patch([Email("bob@example.com"), new ContactIdentityRecord { Kind = "phone", Value = "+4930901820" }], [Number("ltv", 99.12345678m)], ["a", "b"]);

        var first = (await Contacts.UpsertAsync([patch], Sample.Now, None)).Single();
        var second = (await Contacts.UpsertAsync([patch], Sample.Now.AddHours(1), None)).Single();

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.ContactId, second.ContactId);
        var stored = (await Contacts.GetAsync(first.ContactId, None))!;
        Assert.Equal(0, stored.Contact.Revision);
        Assert.Equal(Sample.Now, stored.Contact.UpdatedAt);
        Assert.Equal(99.12345678m, stored.Attributes.Single().NumberValue);
    }

    [DatabaseFact]
    public async Task Events_are_bulk_stored_once_per_idempotency_key_and_read_newest_first()
    {
        var contact = (await Contacts.EnsureAnonymousAsync(["v"], Sample.Now, None))["v"];
        var batch = Enumerable.Range(0, 3_000)
            .Select(i => Event(contact, i % 3 == 0 ? "order_completed" : "page_view", Sample.Now.AddSeconds(i), key: i < 10 ? "k" + (i % 5) : null, amount: i))
            .ToList();

        var stored = await Events.AppendAsync(batch, None);
        var again = await Events.AppendAsync([Event(contact, "page_view", Sample.Now, key: "k1")], None);

        Assert.Equal(2_995, stored.Count);
        Assert.Empty(again);
        var orders = await Events.TimelineAsync(new TimelineQuery(contact, "order_completed", 0, 2), None);
        Assert.Equal([Sample.Now.AddSeconds(2_997), Sample.Now.AddSeconds(2_994)], orders.Select(e => e.OccurredAt));
        Assert.Equal(2_997m, orders[0].Amount);
        await using var db = await ContextAsync();
        // The repeats (5 to 9) were skipped. Amounts are numbers in SQL on every provider (SQLite stores them as REAL), so segment sums need no JSON.
        Assert.Equal(Enumerable.Range(0, 3_000).Where(i => i % 3 == 0 && i is < 5 or >= 10).Sum(i => (decimal)i), await db.ContactEvents.Where(e => e.Name == "order_completed").SumAsync(e => e.Amount));
        Assert.Equal(1, await db.ContactEvents.CountAsync(e => e.Amount > 2_998m));
    }

    private async Task<WorkflowDbContext> ContextAsync() =>
        await Database.Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    private static ContactIdentityRecord Email(string value) => new() { Kind = "email", Value = value };

    private static ContactIdentityRecord Anonymous(string value) => new() { Kind = "anonymous", Value = value };

    private static ContactAttributeRecord Text(string name, string value) => new() { Name = name, TextValue = value };

    private static ContactAttributeRecord Number(string name, decimal value) => new() { Name = name, NumberValue = value };

    private static ContactPatch Patch(IReadOnlyList<ContactIdentityRecord> identities, IReadOnlyList<ContactAttributeRecord> attributes, IReadOnlyList<string> tags) =>
        new(identities, null, null, null, null, null, attributes, [], tags);

    private static ContactEventRecord Event(Guid contact, string name, DateTime occurredAt, string? key = null, decimal? amount = null) => new()
    {
        Id = Guid.CreateVersion7(), ContactId = contact, Name = name, OccurredAt = occurredAt, ReceivedAt = Sample.Now, Properties = "{}", Amount = amount, IdempotencyKey = key,
    };

    private static ConsentChangeRecord Change(Guid contact, string channel, ConsentStatus status, DateTime at) => new()
    {
        Id = Guid.CreateVersion7(), ContactId = contact, Channel = channel, Topic = "", Status = status, Source = "test", OccurredAt = at,
    };

    private static SegmentRecord Segment(string id) => new() { Id = id, Name = id, Definition = "{}", CreatedAt = Sample.Now, UpdatedAt = Sample.Now };
}

public sealed class SqliteAudienceStoreTests : AudienceStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlAudienceStoreTests : AudienceStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
