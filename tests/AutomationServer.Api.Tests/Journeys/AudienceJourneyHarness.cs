using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Audience;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Events;
using AutomationServer.Persistence;
using AutomationServer.Persistence.Audience;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Api.Tests.Journeys;

/// <summary>The engine and the audience services on a fresh SQLite file with a manual clock, without the web host.</summary>
internal sealed class AudienceJourneyHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _directory;

    private AudienceJourneyHarness(ServiceProvider services, string directory, ManualClock clock)
    {
        _services = services;
        _directory = directory;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public IServiceProvider Services => _services;

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public WorkflowDefinitionService Definitions => _services.GetRequiredService<WorkflowDefinitionService>();

    public static async Task<AudienceJourneyHarness> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "as-journey-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(directory, "journeys.db")}",
        }).Build();
        var clock = new ManualClock();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IConfiguration>(configuration);
        services.AddSqlitePersistenceProvider();
        services.AddAutomationPersistence(configuration);
        services.AddAudienceSqlConnections();
        services.AddWorkflowEngine(configuration);
        services.AddAudience(configuration);
        var provider = services.BuildServiceProvider();
        await provider.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return new AudienceJourneyHarness(provider, directory, clock);
    }

    public async Task<string> PublishAsync(string json) =>
        (await Definitions.ImportAsync(json, publish: true, CancellationToken.None)).DefinitionId;

    public async Task<Guid> CreateContactAsync(string email) =>
        (await _services.GetRequiredService<ContactService>().CreateAsync(new ContactInput([new IdentityInput("email", email)]), CancellationToken.None)).Id;

    public Task<TrackResult> TrackAsync(Guid contactId, string name, object? properties = null) =>
        _services.GetRequiredService<ContactEventService>().TrackAsync(
            [new TrackEventInput(name, contactId, Properties: properties is null ? null : JsonSerializer.SerializeToElement(properties))],
            batch: false, CancellationToken.None);

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        while (await Runtime.ProcessDueBatchAsync(CancellationToken.None) > 0)
        {
        }
    }

    public async Task<IReadOnlyList<WorkflowInstanceRecord>> InstancesAsync(string definitionId) =>
        (await _services.GetRequiredService<IWorkflowInstanceStore>().ListAsync(new InstanceQuery(DefinitionId: definitionId), CancellationToken.None)).Items;

    public async Task<WorkflowInstanceRecord> InstanceAsync(Guid id) =>
        await _services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"No instance {id}.");

    public async Task<InstanceDetails> DetailsAsync(Guid id)
    {
        var record = await InstanceAsync(id);
        var blueprint = await _services.GetRequiredService<BlueprintProvider>().GetAsync(record.DefinitionVersionId, CancellationToken.None);
        return InstanceDetails.From(record, blueprint);
    }

    public async Task<IReadOnlyList<string>> TraceAsync(Guid id) => (await DetailsAsync(id)).Journal.Select(j => j.ActivityId).ToList();

    public Task<IReadOnlyList<BookmarkRecord>> BookmarksAsync(Guid id) =>
        _services.GetRequiredService<IWorkflowInstanceStore>().ListBookmarksAsync(id, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
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
