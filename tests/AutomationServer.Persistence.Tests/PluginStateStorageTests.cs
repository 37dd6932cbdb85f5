using AutomationServer.Persistence.Tests.Infrastructure;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence.Tests;

public abstract class PluginStateStorageTests : DatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private IPluginStateStorage Storage => Database.Services.GetRequiredService<IPluginStateStorage>();

    [DatabaseFact]
    public async Task Values_round_trip_are_overwritten_and_deleted()
    {
        Assert.Null(await Storage.GetAsync("acme.crm", "cursor", None));

        await Storage.SetAsync("acme.crm", "cursor", "page-1", Sample.Now, None);
        Assert.Equal("page-1", await Storage.GetAsync("acme.crm", "cursor", None));

        await Storage.SetAsync("acme.crm", "cursor", "page-2 ✓", Sample.Now.AddMinutes(1), None);
        Assert.Equal("page-2 ✓", await Storage.GetAsync("acme.crm", "cursor", None));

        Assert.True(await Storage.DeleteAsync("acme.crm", "cursor", None));
        Assert.Null(await Storage.GetAsync("acme.crm", "cursor", None));
        Assert.False(await Storage.DeleteAsync("acme.crm", "cursor", None));
    }

    [DatabaseFact]
    public async Task Plugins_do_not_see_each_others_keys()
    {
        await Storage.SetAsync("acme.crm", "token", "crm-token", Sample.Now, None);
        await Storage.SetAsync("acme.sms", "token", "sms-token", Sample.Now, None);

        Assert.True(await Storage.DeleteAsync("acme.sms", "token", None));

        Assert.Equal("crm-token", await Storage.GetAsync("acme.crm", "token", None));
        Assert.Null(await Storage.GetAsync("acme.sms", "token", None));
    }

    [DatabaseFact]
    public async Task The_largest_allowed_key_and_value_fit()
    {
        var key = new string('k', 200);
        var value = new string('v', 64 * 1024);

        await Storage.SetAsync(new string('p', 128), key, value, Sample.Now, None);

        Assert.Equal(value, await Storage.GetAsync(new string('p', 128), key, None));
    }

    [DatabaseFact]
    public async Task Concurrent_writers_of_one_key_all_succeed_and_one_value_remains()
    {
        var writers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            for (var round = 0; round < 5; round++)
            {
                await Storage.SetAsync("acme.crm", "shared", $"writer-{i}-round-{round}", Sample.Now.AddSeconds(round), None);
            }
        }));

        await Task.WhenAll(writers);

        var value = await Storage.GetAsync("acme.crm", "shared", None);
        Assert.Matches("^writer-\\d+-round-4$", value);
    }
}

public sealed class SqlitePluginStateStorageTests : PluginStateStorageTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[RequiresPostgreSql]
public sealed class PostgreSqlPluginStateStorageTests : PluginStateStorageTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
