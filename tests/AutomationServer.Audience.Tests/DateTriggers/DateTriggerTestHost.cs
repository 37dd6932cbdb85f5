using System.Text.Json.Nodes;
using AutomationServer.Audience.DateTriggers;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Tests.Infrastructure;
using AutomationServer.Persistence;
using AutomationServer.Persistence.Audience;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AutomationServer.Audience.Tests.DateTriggers;

/// <summary>
/// The engine and the date trigger scanner over a new migrated database (SQLite or PostgreSQL), with a clock the test
/// moves. <see cref="RestartAsync"/> gives a fresh set of services on the same database, as a restarted server.
/// </summary>
public sealed class DateTriggerTestHost : IAsyncDisposable
{
    private readonly string _provider;
    private readonly string _connectionString;
    private readonly Dictionary<string, string?> _settings;
    private readonly Func<Task> _drop;
    private readonly List<ServiceProvider> _otherNodes = [];
    private ServiceProvider _services;

    private DateTriggerTestHost(string provider, string connectionString, Dictionary<string, string?> settings, FixedClock clock, Func<Task> drop)
    {
        _provider = provider;
        _connectionString = connectionString;
        _settings = settings;
        _drop = drop;
        Clock = clock;
        _services = Build();
    }

    public FixedClock Clock { get; }

    public RecordingDateDispatcher Fired => _services.GetRequiredService<RecordingDateDispatcher>();

    public DateTriggerScanner Scanner => _services.GetRequiredService<DateTriggerScanner>();

    public IServiceProvider Services => _services;

    public static async Task<DateTriggerTestHost> CreateAsync(string provider, DateTimeOffset now, Dictionary<string, string?>? settings = null)
    {
        string connectionString;
        Func<Task> drop;
        if (provider == "Sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("automation-datetriggers-").FullName;
            connectionString = $"Data Source={Path.Combine(folder, "audience.db")}";
            drop = () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return Task.CompletedTask;
            };
        }
        else
        {
            var admin = RequiresPostgreSqlAttribute.ConnectionString ?? throw new InvalidOperationException("No PostgreSQL server.");
            var name = $"datetriggers_{Guid.NewGuid():N}";
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            };
        }

        var host = new DateTriggerTestHost(provider, connectionString, settings ?? [], new FixedClock(now), drop);
        await host._services.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Throws the services away (scanner, caches, recorded firings) and builds them anew over the same database.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    /// <summary>The scanner of another node: its own services and connections over the same database and clock.</summary>
    public DateTriggerScanner SecondNodeScanner()
    {
        var node = Build();
        _otherNodes.Add(node);
        return node.GetRequiredService<DateTriggerScanner>();
    }

    public Task<DateTriggerScanResult> ScanAsync() => Scanner.ScanAsync(CancellationToken.None);

    /// <summary>Moves the clock to <paramref name="utc"/> and scans.</summary>
    public Task<DateTriggerScanResult> ScanAtAsync(DateTime utc)
    {
        Clock.Now = new DateTimeOffset(utc, TimeSpan.Zero);
        return ScanAsync();
    }

    public async Task DefineAttributeAsync(string name, string type)
    {
        await using var db = await ContextAsync();
        db.ContactAttributeDefinitions.Add(new ContactAttributeDefinitionRecord { Name = name, Type = type, CreatedAt = Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task<Guid> AddContactAsync(string? timeZone, string attribute, DateTime value)
    {
        var id = Guid.CreateVersion7();
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await ContextAsync();
        db.Contacts.Add(new ContactRecord { Id = id, TimeZone = timeZone, CreatedAt = now, UpdatedAt = now });
        db.ContactAttributes.Add(new ContactAttributeRecord { ContactId = id, Name = attribute, DateValue = DateTime.SpecifyKind(value, DateTimeKind.Utc) });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Publishes a journey that starts on <c>Audience.DateReached</c> with these inputs (absent ones take their defaults).</summary>
    public async Task<string> PublishJourneyAsync(string definitionId, string attribute, int? offsetDays = null, string? timeOfDay = null, string? repeat = null)
    {
        var inputs = new JsonObject { ["attribute"] = Literal(attribute) };
        if (offsetDays is { } offset)
        {
            inputs["offsetDays"] = Literal(offset);
        }

        if (timeOfDay is not null)
        {
            inputs["timeOfDay"] = Literal(timeOfDay);
        }

        if (repeat is not null)
        {
            inputs["repeat"] = Literal(repeat);
        }

        var record = await _services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(JourneyJson(definitionId, inputs), publish: true, CancellationToken.None);
        return record.DefinitionId;
    }

    public async Task<IReadOnlyList<WorkflowInstanceRecord>> InstancesAsync(string definitionId, Guid contactId)
    {
        var (items, _) = await _services.GetRequiredService<IWorkflowInstanceStore>()
            .ListAsync(new InstanceQuery(DefinitionId: definitionId, CorrelationId: contactId.ToString("N")), CancellationToken.None);
        return items;
    }

    public async Task<WorkflowDbContext> ContextAsync() =>
        await _services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _otherNodes)
        {
            await node.DisposeAsync();
        }

        await _services.DisposeAsync();
        await _drop();
    }

    private ServiceProvider Build()
    {
        var values = new Dictionary<string, string?>(_settings)
        {
            ["Persistence:Provider"] = _provider,
            ["Persistence:ConnectionString"] = _connectionString,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(Clock)
            .AddSingleton<TimeProvider>(Clock)
            .AddSqlitePersistenceProvider()
            .AddPostgreSqlPersistenceProvider()
            .AddAutomationPersistence(configuration)
            .AddAudienceSqlConnections();
        services.AddWorkflowEngine(configuration);
        services.AddSingleton<WorkflowDateTriggerDispatcher>();
        services.AddSingleton<RecordingDateDispatcher>();
        services.AddSingleton<IDateTriggerDispatcher>(sp => sp.GetRequiredService<RecordingDateDispatcher>());
        services.AddAudienceDateTriggers(configuration);
        return services.BuildServiceProvider();
    }

    private static JsonObject Literal(object value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = JsonValue.Create(value) } };

    private static string JourneyJson(string definitionId, JsonObject inputs)
    {
        var trigger = inputs;
        trigger["id"] = "birthday";
        trigger["nodeId"] = "Workflow1:flowchart1:birthday";
        trigger["name"] = "birthday";
        trigger["type"] = DateReached.TypeName;
        trigger["version"] = 1;
        trigger["customProperties"] = new JsonObject();
        trigger["metadata"] = new JsonObject();
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N")[..16],
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["version"] = 1,
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["isLatest"] = true,
            ["isPublished"] = false,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["id"] = "flowchart1",
                ["nodeId"] = "Workflow1:flowchart1",
                ["metadata"] = new JsonObject(),
                ["customProperties"] = new JsonObject(),
                ["activities"] = new JsonArray(trigger),
                ["connections"] = new JsonArray(),
            },
        }.ToJsonString();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>What fired, in order, with the clock's time at dispatch; passes everything on to the real engine.</summary>
public sealed class RecordingDateDispatcher(WorkflowDateTriggerDispatcher engine, TimeProvider clock) : IDateTriggerDispatcher
{
    private readonly List<DateFiring> _fired = [];

    public IReadOnlyList<DateFiring> All
    {
        get
        {
            lock (_fired)
            {
                return [.. _fired];
            }
        }
    }

    public IReadOnlyList<DateFiring> Of(Guid contactId) => All.Where(f => f.ContactId == contactId).ToList();

    public async Task DispatchAsync(IReadOnlyList<Stimulus> stimuli, CancellationToken cancellationToken)
    {
        await engine.DispatchAsync(stimuli, cancellationToken);
        lock (_fired)
        {
            foreach (var stimulus in stimuli)
            {
                var payload = (IReadOnlyDictionary<string, object?>)stimulus.Payload!;
                _fired.Add(new DateFiring(
                    Guid.Parse((string)payload["contactId"]!),
                    (string)payload["attribute"]!,
                    (string)payload["date"]!,
                    DateTime.Parse((string)payload["occurrence"]!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
                    clock.GetUtcNow().UtcDateTime,
                    stimulus));
            }
        }
    }
}

public sealed record DateFiring(Guid ContactId, string Attribute, string Date, DateTime Occurrence, DateTime FiredAt, Stimulus Stimulus);
