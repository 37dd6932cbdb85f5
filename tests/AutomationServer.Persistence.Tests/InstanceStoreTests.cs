using AutomationServer.Persistence.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence.Tests;

public abstract class InstanceStoreTests : DatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [DatabaseFact]
    public async Task Listing_filters_and_pages_newest_first()
    {
        var commit = new WorkflowCommit();
        var cart = Enumerable.Range(0, 6)
            .Select(i => Sample.Instance("cart", i % 2 == 0 ? InstanceStatus.Running : InstanceStatus.Finished, createdAt: Sample.Now.AddMinutes(i)))
            .ToList();
        var onboarding = Sample.Instance("onboarding", InstanceStatus.Suspended, correlationId: "contact-7", createdAt: Sample.Now.AddMinutes(20));
        commit.NewInstances.AddRange(cart);
        commit.NewInstances.Add(onboarding);
        await Database.Runtime.CommitAsync(commit, None);

        var (all, total) = await Database.Instances.ListAsync(new InstanceQuery(), None);
        var (runningCart, runningTotal) = await Database.Instances.ListAsync(new InstanceQuery("cart", InstanceStatus.Running, Skip: 1, Take: 1), None);
        var (contact, _) = await Database.Instances.ListAsync(new InstanceQuery(CorrelationId: "contact-7"), None);

        Assert.Equal(7, total);
        Assert.Equal(onboarding.Id, all[0].Id);
        Assert.Equal(all.Select(i => i.CreatedAt).OrderDescending(), all.Select(i => i.CreatedAt));
        Assert.Equal(3, runningTotal);
        Assert.Equal(cart[2].Id, Assert.Single(runningCart).Id);
        Assert.Equal(onboarding.Id, Assert.Single(contact).Id);
        Assert.Equal(3, await Database.Instances.CountActiveAsync("cart", None));
        Assert.Equal(1, await Database.Instances.CountActiveAsync("onboarding", None));
        Assert.Equal(0, await Database.Instances.CountActiveAsync("nothing", None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Database.Instances.ListAsync(new InstanceQuery(Take: 5000), None));
    }

    [DatabaseFact]
    public async Task Incidents_and_bookmarks_are_listed_per_instance()
    {
        var instance = Sample.Instance();
        var other = Sample.Instance();
        var first = Sample.Incident(instance);
        var second = Sample.Incident(instance);
        second.CreatedAt = Sample.Now.AddMinutes(1);
        var commit = new WorkflowCommit();
        commit.NewInstances.AddRange([instance, other]);
        commit.NewIncidents.AddRange([second, first, Sample.Incident(other)]);
        commit.NewBookmarks.AddRange([Sample.Timer(instance, Sample.Now), Sample.Timer(other, Sample.Now)]);
        await Database.Runtime.CommitAsync(commit, None);

        Assert.Equal([first.Id, second.Id], (await Database.Instances.ListIncidentsAsync(instance.Id, None)).Select(i => i.Id));
        Assert.Single(await Database.Instances.ListBookmarksAsync(instance.Id, None));
        Assert.Null(await Database.Instances.FindAsync(Guid.NewGuid(), None));
        Assert.Null(await Database.Instances.FindIncidentAsync(Guid.NewGuid(), None));
    }
}

public sealed class SqliteInstanceStoreTests : InstanceStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlInstanceStoreTests : InstanceStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
