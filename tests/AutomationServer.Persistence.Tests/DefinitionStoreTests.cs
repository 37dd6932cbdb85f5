using AutomationServer.Persistence.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence.Tests;

public abstract class DefinitionStoreTests : DatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private IWorkflowDefinitionStore Store => Database.Definitions;

    [DatabaseFact]
    public async Task Saving_a_new_version_makes_it_the_only_latest_one()
    {
        var v1 = Sample.Definition("onboarding", 1);
        var v2 = Sample.Definition("onboarding", 2);
        await Store.SaveAsync(v1, None);
        await Store.SaveAsync(v2, None);

        Assert.True(v2.IsLatest);
        Assert.Equal(v2.Id, (await Store.FindLatestAsync("onboarding", None))!.Id);
        var versions = await Store.ListVersionsAsync("onboarding", None);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal([false, true], versions.Select(v => v.IsLatest));
        Assert.Equivalent(v2, await Store.FindByIdAsync(v2.Id, None), strict: true);
        Assert.Equal(v1.Id, (await Store.FindVersionAsync("onboarding", 1, None))!.Id);
    }

    [DatabaseFact]
    public async Task Saving_an_existing_version_updates_it_in_place()
    {
        var v1 = Sample.Definition("onboarding", 1);
        await Store.SaveAsync(v1, None);
        v1.Name = "Trial onboarding";
        v1.Json = """{"changed":true}""";

        await Store.SaveAsync(v1, None);

        var stored = Assert.Single(await Store.ListVersionsAsync("onboarding", None));
        Assert.Equal("Trial onboarding", stored.Name);
        Assert.Equal("""{"changed":true}""", stored.Json);
    }

    [DatabaseFact]
    public async Task A_version_number_cannot_be_saved_twice()
    {
        await Store.SaveAsync(Sample.Definition("onboarding", 1), None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveAsync(Sample.Definition("onboarding", 1), None));

        Assert.Contains("Version 1", error.Message);
    }

    [DatabaseFact]
    public async Task Publishing_keeps_one_published_version_and_replaces_the_triggers()
    {
        var v1 = Sample.Definition("cart", 1);
        await Store.SaveAsync(v1, None);
        await Store.PublishAsync(v1, [Sample.Trigger(v1, "hash-cart-abandoned"), Sample.Trigger(v1, "hash-cart-updated")], None);
        await Store.SaveAsync(Sample.Definition("other", 1), None);
        var other = (await Store.FindLatestAsync("other", None))!;
        var otherTrigger = Sample.Trigger(other, "hash-other");
        await Store.PublishAsync(other, [otherTrigger], None);

        var v2 = Sample.Definition("cart", 2);
        await Store.SaveAsync(v2, None);
        var v2Trigger = Sample.Trigger(v2, "hash-cart-abandoned");
        await Store.PublishAsync(v2, [v2Trigger], None);

        var published = (await Store.FindPublishedAsync("cart", None))!;
        Assert.Equal(v2.Id, published.Id);
        Assert.Equal(DefinitionStatus.Published, published.Status);
        Assert.NotNull(published.PublishedAt);
        var versions = await Store.ListVersionsAsync("cart", None);
        Assert.Single(versions, v => v.IsPublished);
        Assert.Equal(DefinitionStatus.Draft, versions.Single(v => v.Version == 1).Status);
        var triggers = await Database.Runtime.LoadTriggersAsync(None);
        Assert.Equal(new[] { v2Trigger.Id, otherTrigger.Id }.Order(), triggers.Select(t => t.Id).Order());
        Assert.Equivalent(v2Trigger, triggers.Single(t => t.Id == v2Trigger.Id), strict: true);
    }

    [DatabaseFact]
    public async Task Publishing_an_unsaved_version_saves_it()
    {
        var v1 = Sample.Definition("cart", 1);

        await Store.PublishAsync(v1, [Sample.Trigger(v1, "hash-a")], None);

        var stored = (await Store.FindPublishedAsync("cart", None))!;
        Assert.True(stored.IsLatest);
        Assert.Equal(v1.Id, stored.Id);
    }

    [DatabaseFact]
    public async Task A_trigger_of_another_version_is_refused_and_nothing_changes()
    {
        var v1 = Sample.Definition("cart", 1);
        var v2 = Sample.Definition("cart", 2);
        await Store.PublishAsync(v1, [Sample.Trigger(v1, "hash-a")], None);
        await Store.SaveAsync(v2, None);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync(v2, [Sample.Trigger(v1, "hash-b")], None));

        Assert.Equal(v1.Id, (await Store.FindPublishedAsync("cart", None))!.Id);
        Assert.Equal("hash-a", Assert.Single(await Database.Runtime.LoadTriggersAsync(None)).Hash);
    }

    [DatabaseFact]
    public async Task Retracting_unpublishes_and_removes_the_triggers()
    {
        var v1 = Sample.Definition("cart", 1);
        await Store.PublishAsync(v1, [Sample.Trigger(v1, "hash-a")], None);

        await Store.RetractAsync("cart", None);

        Assert.Null(await Store.FindPublishedAsync("cart", None));
        Assert.Equal(DefinitionStatus.Retracted, (await Store.FindLatestAsync("cart", None))!.Status);
        Assert.Empty(await Database.Runtime.LoadTriggersAsync(None));
    }

    [DatabaseFact]
    public async Task Deleting_removes_every_version_and_trigger()
    {
        var v1 = Sample.Definition("cart", 1);
        await Store.PublishAsync(v1, [Sample.Trigger(v1, "hash-a")], None);
        await Store.SaveAsync(Sample.Definition("cart", 2), None);
        await Store.SaveAsync(Sample.Definition("kept", 1), None);

        Assert.True(await Store.DeleteAsync("cart", None));
        Assert.False(await Store.DeleteAsync("cart", None));

        Assert.Empty(await Store.ListVersionsAsync("cart", None));
        Assert.Empty(await Database.Runtime.LoadTriggersAsync(None));
        Assert.NotNull(await Store.FindLatestAsync("kept", None));
    }

    [DatabaseFact]
    public async Task Listing_shows_latest_versions_newest_change_first_with_paging_search_and_status()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.SaveAsync(Sample.Definition($"journey-{i}", 1, Sample.Now.AddMinutes(i), name: i == 3 ? "Birthday Greeting" : null), None);
        }

        var v2 = Sample.Definition("journey-1", 2, Sample.Now.AddMinutes(10));
        await Store.SaveAsync(v2, None);
        await Store.PublishAsync((await Store.FindLatestAsync("journey-2", None))!, [], None);

        var (page, total) = await Store.ListLatestAsync(new DefinitionQuery(Skip: 0, Take: 2), None);
        var (rest, _) = await Store.ListLatestAsync(new DefinitionQuery(Skip: 2, Take: 10), None);
        var (search, searchTotal) = await Store.ListLatestAsync(new DefinitionQuery(Search: "birthday"), None);
        var (published, publishedTotal) = await Store.ListLatestAsync(new DefinitionQuery(Status: DefinitionStatus.Published), None);

        Assert.Equal(5, total);
        Assert.Equal(["journey-1", "journey-4"], page.Select(d => d.DefinitionId));
        Assert.Equal(2, page[0].Version);
        Assert.Equal(["journey-3", "journey-2", "journey-0"], rest.Select(d => d.DefinitionId));
        Assert.Equal(1, searchTotal);
        Assert.Equal("journey-3", Assert.Single(search).DefinitionId);
        Assert.Equal(1, publishedTotal);
        Assert.Equal("journey-2", Assert.Single(published).DefinitionId);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListLatestAsync(new DefinitionQuery(Skip: -1), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListLatestAsync(new DefinitionQuery(Take: 0), None));
    }
}

public sealed class SqliteDefinitionStoreTests : DefinitionStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlDefinitionStoreTests : DefinitionStoreTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
