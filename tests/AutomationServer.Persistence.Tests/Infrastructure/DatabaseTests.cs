namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>Base of the tests that run once per provider: each test gets a new, migrated, empty database.</summary>
public abstract class DatabaseTests : IAsyncLifetime
{
    private TestDatabase? _database;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("InitializeAsync has not run.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
