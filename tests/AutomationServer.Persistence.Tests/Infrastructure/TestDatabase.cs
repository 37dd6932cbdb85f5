using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>A freshly migrated, empty database of one provider, with the stores wired as the host wires them.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    private ServiceProvider? _services;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The database is not started.");

    public IWorkflowRuntimeStore Runtime => Services.GetRequiredService<IWorkflowRuntimeStore>();

    public IWorkflowDefinitionStore Definitions => Services.GetRequiredService<IWorkflowDefinitionStore>();

    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();

    public abstract string ProviderName { get; }

    /// <summary>Bytes the database uses for workflow instances and bookmarks, tables and indexes together.</summary>
    public abstract Task<long> MeasureInstanceStorageBytesAsync();

    /// <param name="portablePaths">Replace the provider's fast paths by the portable ones SQL Server uses.</param>
    protected async Task StartAsync(string connectionString, bool portablePaths)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Persistence:Provider"] = ProviderName,
                ["Persistence:ConnectionString"] = connectionString,
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        if (portablePaths)
        {
            services.AddSingleton<IPersistenceProvider>(new PortablePathsProvider(ProviderName switch
            {
                "Sqlite" => new Sqlite.SqlitePersistenceProvider(),
                _ => new PostgreSql.PostgreSqlPersistenceProvider(),
            }));
        }
        else
        {
            services.AddSqlitePersistenceProvider().AddPostgreSqlPersistenceProvider().AddSqlServerPersistenceProvider();
        }

        _services = services.AddAutomationPersistence(configuration).BuildServiceProvider(validateScopes: true);
        await _services.MigrateAutomationDatabaseAsync(CancellationToken.None);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
