using AutomationServer.Persistence.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence.Tests;

public abstract class RuntimeStoreTests : DatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [DatabaseFact]
    public async Task Commit_then_load_returns_every_field()
    {
        var instance = Sample.Instance(correlationId: "contact-42");
        instance.FinishedAt = Sample.Now.AddHours(1);
        instance.IncidentCount = 1;
        var timer = Sample.Timer(instance, Sample.Now.AddDays(1));
        timer.Data = """{"attempt":"2"}""";
        var waiting = Sample.Waiting(instance, "hash-order-completed", "contact-42");
        var incident = Sample.Incident(instance);
        var commit = new WorkflowCommit();
        commit.NewInstances.Add(instance);
        commit.NewBookmarks.AddRange([timer, waiting]);
        commit.NewIncidents.Add(incident);

        await Database.Runtime.CommitAsync(commit, None);

        var instances = await Database.Runtime.LoadInstancesAsync([instance.Id], None);
        Assert.Equivalent(instance, Assert.Single(instances), strict: true);
        var bookmarks = await Database.Runtime.LoadBookmarksAsync([timer.Id, waiting.Id, Guid.NewGuid()], None);
        Assert.Equivalent(timer, bookmarks.Single(b => b.Id == timer.Id), strict: true);
        Assert.Equivalent(waiting, bookmarks.Single(b => b.Id == waiting.Id), strict: true);
        Assert.Equivalent(incident, await Database.Instances.FindIncidentAsync(incident.Id, None), strict: true);
        Assert.Equal(2, (await Database.Instances.ListBookmarksAsync(instance.Id, None)).Count);
    }

    [DatabaseFact]
    public async Task Update_increments_the_revision_and_writes_it_back()
    {
        var instance = Sample.Instance();
        await CommitAsync(c => c.NewInstances.Add(instance));
        var loaded = Assert.Single(await Database.Runtime.LoadInstancesAsync([instance.Id], None));
        var incident = Sample.Incident(instance);
        await CommitAsync(c => c.NewIncidents.Add(incident));

        loaded.Status = InstanceStatus.Finished;
        loaded.FinishedAt = Sample.Now.AddMinutes(5);
        incident.Status = IncidentStatus.Resolved;
        incident.Attempts = 2;
        await CommitAsync(c =>
        {
            c.UpdatedInstances.Add(loaded);
            c.UpdatedIncidents.Add(incident);
        });

        Assert.Equal(1, loaded.Revision);
        var reloaded = await Database.Instances.FindAsync(instance.Id, None);
        Assert.Equal(1, reloaded!.Revision);
        Assert.Equal(InstanceStatus.Finished, reloaded.Status);
        Assert.Equal(Sample.Now.AddMinutes(5), reloaded.FinishedAt);
        var storedIncident = await Database.Instances.FindIncidentAsync(incident.Id, None);
        Assert.Equal(IncidentStatus.Resolved, storedIncident!.Status);
        Assert.Equal(2, storedIncident.Attempts);
    }

    [DatabaseFact]
    public async Task Stale_revision_is_a_conflict_and_nothing_of_the_commit_lands()
    {
        var instance = Sample.Instance();
        var bookmark = Sample.Timer(instance, Sample.Now);
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.Add(bookmark);
        });
        var first = Assert.Single(await Database.Runtime.LoadInstancesAsync([instance.Id], None));
        var second = Assert.Single(await Database.Runtime.LoadInstancesAsync([instance.Id], None));
        first.State = """{"winner":"first"}""";
        await CommitAsync(c => c.UpdatedInstances.Add(first));

        var bystander = Sample.Instance();
        var bystanderBookmark = Sample.Timer(bystander, Sample.Now);
        var incident = Sample.Incident(bystander);
        second.State = """{"winner":"second"}""";
        var stale = new WorkflowCommit();
        stale.NewInstances.Add(bystander);
        stale.NewBookmarks.Add(bystanderBookmark);
        stale.NewIncidents.Add(incident);
        stale.RemovedBookmarkIds.Add(bookmark.Id);
        stale.UpdatedInstances.Add(second);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Database.Runtime.CommitAsync(stale, None));

        Assert.Equal(0, second.Revision);
        var stored = await Database.Instances.FindAsync(instance.Id, None);
        Assert.Equal(1, stored!.Revision);
        Assert.Equal("""{"winner":"first"}""", stored.State);
        Assert.Null(await Database.Instances.FindAsync(bystander.Id, None));
        Assert.Null(await Database.Instances.FindIncidentAsync(incident.Id, None));
        Assert.Equal([bookmark.Id], (await Database.Runtime.LoadBookmarksAsync([bookmark.Id, bystanderBookmark.Id], None)).Select(b => b.Id));
    }

    [DatabaseFact]
    public async Task Consuming_a_bookmark_that_is_gone_is_a_conflict_and_rolls_back()
    {
        var instance = Sample.Instance();
        var bookmark = Sample.Waiting(instance, "hash-email-opened", instance.CorrelationId);
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.Add(bookmark);
        });
        var loaded = Assert.Single(await Database.Runtime.LoadInstancesAsync([instance.Id], None));
        await CommitAsync(c => c.ConsumedBookmarkIds.Add(bookmark.Id));

        var next = Sample.Timer(instance, Sample.Now.AddDays(2));
        var late = new WorkflowCommit();
        late.ConsumedBookmarkIds.Add(bookmark.Id);
        late.UpdatedInstances.Add(loaded);
        late.NewBookmarks.Add(next);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Database.Runtime.CommitAsync(late, None));

        Assert.Contains("consumed bookmark", conflict.Message);
        Assert.Equal(0, loaded.Revision);
        Assert.Equal(0, (await Database.Instances.FindAsync(instance.Id, None))!.Revision);
        Assert.Empty(await Database.Instances.ListBookmarksAsync(instance.Id, None));
    }

    [DatabaseFact]
    public async Task Removing_bookmarks_that_are_gone_is_no_conflict()
    {
        var instance = Sample.Instance();
        await CommitAsync(c => c.NewInstances.Add(instance));

        await CommitAsync(c => c.RemovedBookmarkIds.Add(Guid.NewGuid()));

        Assert.NotNull(await Database.Instances.FindAsync(instance.Id, None));
    }

    [DatabaseFact]
    public async Task Find_bookmarks_with_a_correlation_id_returns_that_id_and_uncorrelated_ones()
    {
        var instance = Sample.Instance();
        var forAda = Sample.Waiting(instance, "hash-order", "ada");
        var forBob = Sample.Waiting(instance, "hash-order", "bob");
        var forAnyone = Sample.Waiting(instance, "hash-order", null);
        var otherStimulus = Sample.Waiting(instance, "hash-click", "ada");
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.AddRange([forAda, forBob, forAnyone, otherStimulus, Sample.Timer(instance, Sample.Now)]);
        });

        var ada = await Database.Runtime.FindBookmarksAsync([new BookmarkKey("hash-order", "ada")], 100, None);
        var all = await Database.Runtime.FindBookmarksAsync([new BookmarkKey("hash-order", null)], 100, None);
        var limited = await Database.Runtime.FindBookmarksAsync([new BookmarkKey("hash-order", null)], 2, None);

        Assert.Equal(new[] { forAda.Id, forAnyone.Id }.Order(), ada.Select(b => b.Id).Order());
        Assert.Equal(new[] { forAda.Id, forBob.Id, forAnyone.Id }.Order(), all.Select(b => b.Id).Order());
        Assert.Equal(2, limited.Count);
        Assert.Empty(await Database.Runtime.FindBookmarksAsync([new BookmarkKey("hash-unknown", null)], 100, None));

        var batch = await Database.Runtime.FindBookmarksAsync([new BookmarkKey("hash-order", "ada"), new BookmarkKey("hash-click", "ada"), new BookmarkKey("hash-order", "carl")], 100, None);
        Assert.Equal(new[] { forAda.Id, forAnyone.Id, otherStimulus.Id }.Order(), batch.Select(b => b.Id).Order());
    }

    [DatabaseFact]
    public async Task Claims_take_due_unclaimed_bookmarks_earliest_first_until_the_claim_expires()
    {
        var instance = Sample.Instance();
        var late = Sample.Timer(instance, Sample.Now.AddMinutes(-1));
        var early = Sample.Timer(instance, Sample.Now.AddMinutes(-10));
        var future = Sample.Timer(instance, Sample.Now.AddHours(1));
        var stimulusOnly = Sample.Waiting(instance, "hash-x", null);
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.AddRange([late, early, future, stimulusOnly]);
        });
        Assert.Equal(early.DueAt, await Database.Runtime.GetNextDueAtAsync(None));

        var claimUntil = Sample.Now.AddMinutes(5);
        var claimed = await Database.Runtime.ClaimDueBookmarksAsync(Sample.Now, claimUntil, 10, None);

        Assert.Equal([early.Id, late.Id], claimed.Select(b => b.Id));
        Assert.All(claimed, b => Assert.Equal(claimUntil, b.ClaimedUntil));
        Assert.Empty(await Database.Runtime.ClaimDueBookmarksAsync(Sample.Now.AddMinutes(1), Sample.Now.AddMinutes(6), 10, None));
        Assert.Equal(claimUntil, await Database.Runtime.GetNextDueAtAsync(None));

        var afterExpiry = Sample.Now.AddMinutes(6);
        var reclaimed = await Database.Runtime.ClaimDueBookmarksAsync(afterExpiry, afterExpiry.AddMinutes(5), 1, None);
        Assert.Equal([early.Id], reclaimed.Select(b => b.Id));
    }

    [DatabaseFact]
    public async Task Next_due_time_is_null_without_timers()
    {
        var instance = Sample.Instance();
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.Add(Sample.Waiting(instance, "hash-x", null));
        });

        Assert.Null(await Database.Runtime.GetNextDueAtAsync(None));
    }

    [DatabaseFact]
    public async Task Times_come_back_as_utc_whatever_kind_went_in()
    {
        var unspecified = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Unspecified);
        var local = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Local);
        var instance = Sample.Instance();
        instance.CreatedAt = unspecified;
        instance.UpdatedAt = local;
        var bookmark = Sample.Timer(instance, unspecified);
        await CommitAsync(c =>
        {
            c.NewInstances.Add(instance);
            c.NewBookmarks.Add(bookmark);
        });

        var stored = (await Database.Instances.FindAsync(instance.Id, None))!;
        var storedBookmark = Assert.Single(await Database.Runtime.LoadBookmarksAsync([bookmark.Id], None));
        var claimed = Assert.Single(await Database.Runtime.ClaimDueBookmarksAsync(unspecified.AddDays(1), unspecified.AddDays(2), 10, None));

        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        Assert.Equal(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), stored.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, stored.UpdatedAt.Kind);
        Assert.Equal(local.ToUniversalTime(), stored.UpdatedAt);
        Assert.Null(stored.FinishedAt);
        Assert.Equal(DateTimeKind.Utc, storedBookmark.DueAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, claimed.DueAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, claimed.ClaimedUntil!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, (await Database.Runtime.GetNextDueAtAsync(None))!.Value.Kind);
    }

    [DatabaseFact]
    public async Task Load_by_many_ids_reads_across_chunks()
    {
        var commit = new WorkflowCommit();
        for (var i = 0; i < 1_200; i++)
        {
            var instance = Sample.Instance(contact: i);
            commit.NewInstances.Add(instance);
            commit.NewBookmarks.Add(Sample.Timer(instance, Sample.Now.AddDays(1)));
        }

        await Database.Runtime.CommitAsync(commit, None);

        var instances = await Database.Runtime.LoadInstancesAsync(commit.NewInstances.Select(i => i.Id).ToList(), None);
        var bookmarks = await Database.Runtime.LoadBookmarksAsync(commit.NewBookmarks.Select(b => b.Id).ToList(), None);
        Assert.Equal(1_200, instances.Count);
        Assert.Equal(1_200, bookmarks.Count);

        var consume = new WorkflowCommit();
        consume.ConsumedBookmarkIds.AddRange(commit.NewBookmarks.Select(b => b.Id));
        await Database.Runtime.CommitAsync(consume, None);
        Assert.Null(await Database.Runtime.GetNextDueAtAsync(None));
    }

    [DatabaseFact]
    public async Task Bad_arguments_get_clear_errors()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Database.Runtime.FindBookmarksAsync([new BookmarkKey("h", null)], 0, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.Runtime.FindBookmarksAsync([new BookmarkKey("", null)], 10, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Database.Runtime.ClaimDueBookmarksAsync(Sample.Now, Sample.Now, 10, None));
        var instance = Sample.Instance();
        var twice = new WorkflowCommit();
        twice.UpdatedInstances.AddRange([instance, instance]);
        await Assert.ThrowsAsync<ArgumentException>(() => Database.Runtime.CommitAsync(twice, None));
    }

    [DatabaseFact]
    public async Task Concurrent_claims_never_return_a_bookmark_twice()
    {
        const int count = 300;
        var commit = new WorkflowCommit();
        for (var i = 0; i < count; i++)
        {
            var instance = Sample.Instance(contact: i);
            commit.NewInstances.Add(instance);
            commit.NewBookmarks.Add(Sample.Timer(instance, Sample.Now.AddSeconds(-i)));
        }

        await Database.Runtime.CommitAsync(commit, None);

        var claimUntil = Sample.Now.AddMinutes(5);
        async Task<List<Guid>> Node()
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await Database.Runtime.ClaimDueBookmarksAsync(Sample.Now, claimUntil, 7, None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Id));
            }
        }

        var nodes = await Task.WhenAll(Task.Run(Node), Task.Run(Node), Task.Run(Node));
        var all = nodes.SelectMany(ids => ids).ToList();

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
    }

    private async Task CommitAsync(Action<WorkflowCommit> build)
    {
        var commit = new WorkflowCommit();
        build(commit);
        await Database.Runtime.CommitAsync(commit, None);
    }
}

public sealed class SqliteRuntimeStoreTests : RuntimeStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlRuntimeStoreTests : RuntimeStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}

/// <summary>The code paths SQL Server takes (EF Core SaveChanges, per-bookmark claims), run on SQLite.</summary>
public sealed class SqlitePortableRuntimeStoreTests : RuntimeStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync(portablePaths: true);
}

/// <summary>The code paths SQL Server takes (EF Core SaveChanges, per-bookmark claims), run on PostgreSQL.</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlPortableRuntimeStoreTests : RuntimeStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync(portablePaths: true);
}
