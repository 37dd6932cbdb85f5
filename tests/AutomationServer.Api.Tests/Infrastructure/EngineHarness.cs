using AutomationServer.Persistence;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>
/// The engine with its real stores on a fresh SQLite file and a manual clock, without the web host:
/// for testing journey semantics quickly and deterministically.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory;

    private readonly bool _ownsDirectory;

    private EngineHarness(ServiceProvider services, string directory, ManualClock clock, bool ownsDirectory)
    {
        _services = services;
        _directory = directory;
        Clock = clock;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>A second engine on the same database and clock: another node of a cluster.</summary>
    public Task<EngineHarness> CreateSecondNodeAsync() => CreateAsync(null, _directory, Clock);

    public ManualClock Clock { get; }

    public IServiceProvider Services => _services;

    public WorkflowDefinitionService Definitions => _services.GetRequiredService<WorkflowDefinitionService>();

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public IWorkflowInstanceStore Instances => _services.GetRequiredService<IWorkflowInstanceStore>();

    public static Task<EngineHarness> CreateAsync(IDictionary<string, string?>? settings = null) => CreateAsync(settings, null, null);

    private static async Task<EngineHarness> CreateAsync(IDictionary<string, string?>? settings, string? sharedDirectory, ManualClock? sharedClock)
    {
        var directory = sharedDirectory ?? Path.Combine(Path.GetTempPath(), "as-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(directory, "engine.db")}",
            ["Workflows:Retry:InitialDelay"] = "00:00:10",
            ["Workflows:Retry:MaxAttempts"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = sharedClock ?? new ManualClock();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IConfiguration>(configuration);
        services.AddSqlitePersistenceProvider();
        services.AddAutomationPersistence(configuration);
        services.AddWorkflowEngine(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return new EngineHarness(provider, directory, clock, ownsDirectory: sharedDirectory is null);
    }

    /// <summary>Imports Elsa JSON, publishes it, and returns the definition id.</summary>
    public async Task<string> PublishAsync(string json)
    {
        var record = await Definitions.ImportAsync(json, publish: true, CancellationToken.None);
        return record.DefinitionId;
    }

    public Task<DispatchResult> PostEventAsync(string name, object? payload = null, string? correlationId = null) =>
        Runtime.DispatchAsync([new Stimulus(BuiltIn.EventType, name, payload, correlationId)], CancellationToken.None);

    /// <summary>Moves the clock on and resumes everything that became due.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        var total = 0;
        int processed;
        while ((processed = await Runtime.ProcessDueBatchAsync(CancellationToken.None)) > 0)
        {
            total += processed;
        }

        return total;
    }

    public async Task<WorkflowInstanceRecord> InstanceAsync(Guid id) =>
        await Instances.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Instance {id} not found.");

    public async Task<InstanceDetails> DetailsAsync(Guid id)
    {
        var record = await InstanceAsync(id);
        var blueprint = await _services.GetRequiredService<BlueprintProvider>().GetAsync(record.DefinitionVersionId, CancellationToken.None);
        return InstanceDetails.From(record, blueprint);
    }

    /// <summary>The ids of the activities the instance executed, in order, with how each ended.</summary>
    public async Task<IReadOnlyList<string>> TraceAsync(Guid id) =>
        (await DetailsAsync(id)).Journal.Select(j => j.Status == "Completed" ? j.ActivityId : $"{j.ActivityId}:{j.Status}").ToList();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up with the temp folder.
        }
    }
}
