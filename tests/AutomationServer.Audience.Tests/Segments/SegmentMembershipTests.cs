using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Audience.Tests.Segments;

public abstract class SegmentMembershipTests : IAsyncLifetime
{
    private const string EngagedNotBuying = """
        {"and":[{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}},
                {"not":{"event":{"name":"order_completed","within":"30d"}}}]}
        """;

    private SegmentTestDatabase? _database;

    protected abstract string Provider { get; }

    private SegmentTestDatabase Database => _database!;

    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private SegmentService Segments => Database.Get<SegmentService>();

    public async Task InitializeAsync() => _database = await SegmentTestDatabase.CreateAsync(Provider);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [DatabaseFact]
    public async Task Creating_a_segment_computes_its_members_and_records_each_entry()
    {
        var seed = AudienceSeed.Generate(Now, contacts: 120);
        await seed.StoreAsync(Database);
        var expected = ExpectedEngaged(seed);

        var saved = await Segments.CreateAsync("engaged-not-buying", "Engaged but not buying", JsonNode.Parse(EngagedNotBuying), CancellationToken.None);

        Assert.Equal(SegmentSaveStatus.Saved, saved.Status);
        Assert.Equal(expected.Count, saved.Segment!.MemberCount);
        Assert.Equal(expected, await MembersAsync("engaged-not-buying"));
        Assert.Equal(expected, (await SegmentEventsAsync(SegmentChange.EnteredEvent, "engaged-not-buying")).ToHashSet());
        Assert.Equal(expected, Database.Dispatched.Changes.Where(c => c.Entered).Select(c => c.ContactId).ToHashSet());
        Assert.Equal(expected.Count, Database.Dispatched.Changes.Count);

        // A month later without new events nobody has clicked recently: everyone leaves, once.
        Database.Clock.Now = Database.Clock.Now.AddDays(31);
        var result = await Database.Get<SegmentMembershipService>().RecomputeAsync("engaged-not-buying", CancellationToken.None);
        var again = await Database.Get<SegmentMembershipService>().RecomputeAsync("engaged-not-buying", CancellationToken.None);

        Assert.Equal((0, expected.Count, 0), (result!.Entered, result.Left, result.MemberCount));
        Assert.Equal((0, 0), (again!.Entered, again.Left));
        Assert.Equal(expected, (await SegmentEventsAsync(SegmentChange.LeftEvent, "engaged-not-buying")).ToHashSet());
        Assert.Equal(expected, Database.Dispatched.Changes.Where(c => !c.Entered).Select(c => c.ContactId).ToHashSet());
        Assert.Equal(Now, (await Database.Get<SegmentStore>().GetAsync("engaged-not-buying", CancellationToken.None))!.LastReconciledAt);
    }

    [DatabaseFact]
    public async Task Segments_of_segments_are_reconciled_after_the_segments_they_refer_to()
    {
        var seed = AudienceSeed.Generate(Now, contacts: 120);
        await seed.StoreAsync(Database);

        // Ids chosen so that alphabetical order is the wrong order.
        Assert.Equal(SegmentSaveStatus.Saved, (await Segments.CreateAsync("z-engaged", "Engaged", JsonNode.Parse(EngagedNotBuying), CancellationToken.None)).Status);
        Assert.Equal(SegmentSaveStatus.Saved, (await Segments.CreateAsync("b-engaged-high-score", "Engaged, score 50+",
            JsonNode.Parse("""{"and":[{"segment":{"id":"z-engaged"}},{"score":{"op":"gte","value":50}}]}"""), CancellationToken.None)).Status);
        Assert.Equal(SegmentSaveStatus.Saved, (await Segments.CreateAsync("a-others", "Everyone else",
            JsonNode.Parse("""{"segment":{"id":"b-engaged-high-score","in":false}}"""), CancellationToken.None)).Status);

        // Every engaged contact orders now; one reconciliation must carry that through all three levels.
        var engaged = ExpectedEngaged(seed);
        await using (var db = await Database.ContextAsync())
        {
            db.ContactEvents.AddRange(engaged.Select(id => seed.Event(id, "order_completed", Now.AddHours(-1), "{}", 10m)));
            await db.SaveChangesAsync();
        }

        var highScore = seed.Contacts.Where(c => engaged.Contains(c.Id) && c.Score >= 50).Select(c => c.Id).ToHashSet();
        Assert.NotEmpty(highScore);
        Assert.Equal(highScore, await MembersAsync("b-engaged-high-score"));

        var results = await Database.Get<SegmentMembershipService>().ReconcileAllAsync(CancellationToken.None);

        Assert.Equal(["z-engaged", "b-engaged-high-score", "a-others"], results.Select(r => r.SegmentId));
        Assert.Empty(await MembersAsync("z-engaged"));
        Assert.Empty(await MembersAsync("b-engaged-high-score"));
        Assert.Equal(seed.Contacts.Select(c => c.Id).ToHashSet(), await MembersAsync("a-others"));
    }

    [DatabaseFact]
    public async Task A_contact_moves_in_and_out_at_once_with_each_event()
    {
        var contact = Guid.CreateVersion7();
        await using (var db = await Database.ContextAsync())
        {
            db.Contacts.Add(new ContactRecord { Id = contact, Score = 80, CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }

        await Segments.CreateAsync("engaged-not-buying", "Engaged", JsonNode.Parse(EngagedNotBuying), CancellationToken.None);
        await Segments.CreateAsync("engaged-vip", "Engaged VIPs", JsonNode.Parse("""{"and":[{"segment":{"id":"engaged-not-buying"}},{"score":{"op":"gte","value":50}}]}"""), CancellationToken.None);
        var updater = Database.Get<SegmentMembershipUpdater>();
        Assert.Empty(await updater.UpdateContactAsync(contact, CancellationToken.None));

        await AddEventAsync(contact, "email_clicked");
        var entered = await updater.UpdateContactAsync(contact, CancellationToken.None);

        Assert.Equal([new SegmentChange("engaged-not-buying", contact, true), new SegmentChange("engaged-vip", contact, true)], entered);
        Assert.Equal([contact], await MembersAsync("engaged-not-buying"));
        Assert.Equal([contact], await MembersAsync("engaged-vip"));
        Assert.Equal(1, (await Database.Get<SegmentStore>().GetAsync("engaged-vip", CancellationToken.None))!.MemberCount);
        Assert.Equal([contact], await SegmentEventsAsync(SegmentChange.EnteredEvent, "engaged-not-buying"));

        await AddEventAsync(contact, "order_completed");
        var left = await updater.UpdateContactAsync(contact, CancellationToken.None);

        Assert.Equal([new SegmentChange("engaged-not-buying", contact, false), new SegmentChange("engaged-vip", contact, false)], left);
        Assert.Empty(await MembersAsync("engaged-not-buying"));
        Assert.Empty(await MembersAsync("engaged-vip"));
        Assert.Equal([contact], await SegmentEventsAsync(SegmentChange.LeftEvent, "engaged-not-buying"));
        Assert.Equal([contact], await SegmentEventsAsync(SegmentChange.LeftEvent, "engaged-vip"));
        Assert.Equal(
            ["Audience.SegmentEntered", "Audience.SegmentEntered", "Audience.SegmentLeft", "Audience.SegmentLeft"],
            Database.Dispatched.Changes.Select(c => c.ToStimulus().Name));
        Assert.All(Database.Dispatched.Changes, c => Assert.Equal(contact.ToString("N"), c.ToStimulus().CorrelationId));
        Assert.Empty(await updater.UpdateContactAsync(contact, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Saving_an_invalid_rule_stores_nothing_and_names_every_problem()
    {
        var result = await Segments.CreateAsync("Bad Id", "", JsonNode.Parse("""{"and":[{"attribute":{"name":"nope","op":"eq","value":1}},{"segment":{"id":"missing"}}]}"""), CancellationToken.None);

        Assert.Equal(SegmentSaveStatus.Invalid, result.Status);
        Assert.Equal(["id", "name", "definition.and[0].attribute.name", "definition.and[1].segment.id"], result.Problems.Select(p => p.Path));
        Assert.Equal(0, (await Database.Get<SegmentStore>().ListAsync(0, 10, CancellationToken.None)).Total);
    }

    [DatabaseFact]
    public async Task An_update_that_would_close_a_cycle_is_refused_and_a_referred_segment_cannot_be_deleted()
    {
        await Segments.CreateAsync("a", "A", JsonNode.Parse("""{"score":{"op":"gte","value":1}}"""), CancellationToken.None);
        await Segments.CreateAsync("b", "B", JsonNode.Parse("""{"segment":{"id":"a"}}"""), CancellationToken.None);

        var update = await Segments.UpdateAsync("a", "A", JsonNode.Parse("""{"not":{"segment":{"id":"b"}}}"""), CancellationToken.None);
        var delete = await Segments.DeleteAsync("a", CancellationToken.None);

        Assert.Equal("definition.not.segment.id", Assert.Single(update.Problems).Path);
        Assert.False(delete.Deleted);
        Assert.Equal(["b"], delete.ReferredBy);
        Assert.True((await Segments.DeleteAsync("b", CancellationToken.None)).Deleted);
        Assert.True((await Segments.DeleteAsync("a", CancellationToken.None)).Deleted);
    }

    private HashSet<Guid> ExpectedEngaged(AudienceSeed seed) => seed.Contacts
        .Where(c => seed.EventsOf(c.Id, "email_clicked").Any(e => e.OccurredAt >= Now.AddDays(-30) && e.OccurredAt <= Now)
            && !seed.EventsOf(c.Id, "order_completed").Any(e => e.OccurredAt >= Now.AddDays(-30) && e.OccurredAt <= Now))
        .Select(c => c.Id)
        .ToHashSet();

    private async Task AddEventAsync(Guid contact, string name)
    {
        await using var db = await Database.ContextAsync();
        db.ContactEvents.Add(new ContactEventRecord { Id = Guid.CreateVersion7(), ContactId = contact, Name = name, OccurredAt = Now, ReceivedAt = Now });
        await db.SaveChangesAsync();
    }

    private async Task<HashSet<Guid>> MembersAsync(string segmentId)
    {
        await using var db = await Database.ContextAsync();
        return [.. await db.SegmentMemberships.Where(m => m.SegmentId == segmentId).Select(m => m.ContactId).ToListAsync()];
    }

    private async Task<List<Guid>> SegmentEventsAsync(string name, string segmentId)
    {
        await using var db = await Database.ContextAsync();
        var events = await db.ContactEvents.Where(e => e.Name == name).ToListAsync();
        return events.Where(e => JsonDocument.Parse(e.Properties).RootElement.GetProperty("segmentId").GetString() == segmentId).Select(e => e.ContactId).ToList();
    }
}

public sealed class SqliteSegmentMembershipTests : SegmentMembershipTests
{
    protected override string Provider => "Sqlite";
}

[RequiresPostgreSql]
public sealed class PostgreSqlSegmentMembershipTests : SegmentMembershipTests
{
    protected override string Provider => "PostgreSql";
}
