using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Audience;
using AutomationServer.Audience.Broadcasts;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Segments;
using AutomationServer.Persistence;
using AutomationServer.Persistence.Audience;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Api.Tests.Messaging.Broadcasts;

/// <summary>
/// The engine, the audience and broadcast runs on a SQLite file with a manual clock and no web host. Several harnesses
/// on one file are several nodes; <see cref="Interrupt"/> makes the next dispatches fail after the engine committed.
/// </summary>
internal sealed class BroadcastHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BroadcastHarness(ServiceProvider services, ManualClock clock, string databasePath)
    {
        _services = services;
        Clock = clock;
        DatabasePath = databasePath;
    }

    public ManualClock Clock { get; }

    public string DatabasePath { get; }

    public InterruptingDispatcher Interrupt => _services.GetRequiredService<InterruptingDispatcher>();

    public BroadcastRunner Runner => _services.GetRequiredService<BroadcastRunner>();

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public static async Task<BroadcastHarness> CreateAsync(string databasePath, ManualClock? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["Persistence:ConnectionString"] = $"Data Source={databasePath};Default Timeout=30",
            ["Audience:Broadcasts:PageSize"] = "500",
            ["Audience:Broadcasts:Lease"] = "00:01:00",
        }).Build();
        clock ??= new ManualClock();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IConfiguration>(configuration);
        services.AddSqlitePersistenceProvider();
        services.AddAutomationPersistence(configuration);
        services.AddAudienceSqlConnections();
        services.AddWorkflowEngine(configuration);
        services.AddSingleton<InterruptingDispatcher>();
        services.AddSingleton<IBroadcastDispatcher>(sp => sp.GetRequiredService<InterruptingDispatcher>());
        services.AddAudience(configuration);
        var provider = services.BuildServiceProvider();
        await provider.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return new BroadcastHarness(provider, clock, databasePath);
    }

    public async Task<string> PublishAsync(string json) =>
        (await _services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(json, publish: true, CancellationToken.None)).DefinitionId;

    /// <summary>Creates contacts tagged with <paramref name="tag"/> (and some without it when asked) and a segment of the tag.</summary>
    public async Task<IReadOnlyList<Guid>> CreateTaggedContactsAsync(string tag, int count, int untagged = 0)
    {
        var contacts = _services.GetRequiredService<ContactService>();
        var inputs = Enumerable.Range(0, count + untagged)
            .Select(i => (ContactInput?)new ContactInput([new IdentityInput("email", $"c{i}@broadcast.test")], Tags: i < count ? [tag] : null))
            .ToList();
        var ids = new List<Guid>();
        foreach (var chunk in inputs.Chunk(500))
        {
            ids.AddRange((await contacts.UpsertAsync(chunk, CancellationToken.None)).Select(r => r.ContactId));
        }

        var saved = await _services.GetRequiredService<SegmentService>().CreateAsync(tag, tag, new JsonObject { ["tag"] = new JsonObject { ["op"] = "has", ["value"] = tag } }, CancellationToken.None);
        if (saved.Problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", saved.Problems.Select(p => p.Message)));
        }

        return ids.Take(count).ToList();
    }

    /// <summary>The trigger of the published broadcast node, as the scheduler would fire it.</summary>
    public async Task<Guid> TriggerIdAsync(string definitionId) =>
        (await _services.GetRequiredService<IWorkflowRuntimeStore>().LoadTriggersAsync(CancellationToken.None))
        .Single(t => t.DefinitionId == definitionId && t.Stimulus == Broadcast.TypeName).Id;

    public async Task<IReadOnlyList<WorkflowInstanceRecord>> InstancesAsync(string definitionId)
    {
        var store = _services.GetRequiredService<IWorkflowInstanceStore>();
        var all = new List<WorkflowInstanceRecord>();
        while (true)
        {
            var page = (await store.ListAsync(new InstanceQuery(DefinitionId: definitionId, Skip: all.Count, Take: 500), CancellationToken.None)).Items;
            all.AddRange(page);
            if (page.Count < 500)
            {
                break;
            }
        }

        return all;
    }

    public Task<IReadOnlyList<BroadcastRunRecord>> RunsAsync(string definitionId) =>
        _services.GetRequiredService<BroadcastService>().ListAsync(definitionId, 50, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>Dispatches through the engine; when armed, fails after the engine committed a page, as a crash at that point would.</summary>
internal sealed class InterruptingDispatcher(IServiceProvider services) : IBroadcastDispatcher
{
    public int FailAfterDispatch { get; set; } = -1;

    public int Dispatches { get; private set; }

    public async Task<DispatchResult> DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<WorkflowRuntime>().DispatchAsync(stimuli, cancellationToken);
        Dispatches++;
        if (FailAfterDispatch == Dispatches)
        {
            throw new InvalidOperationException("Simulated crash after the engine commit, before the cursor moved.");
        }

        return result;
    }
}
