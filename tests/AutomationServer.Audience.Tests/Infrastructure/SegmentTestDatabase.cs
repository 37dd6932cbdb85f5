using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Persistence;
using AutomationServer.Persistence.Audience;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AutomationServer.Audience.Tests.Infrastructure;

/// <summary>A new database migrated with the real migrations, and the segment services over it with a fixed clock.</summary>
public sealed class SegmentTestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task> _drop;

    private SegmentTestDatabase(ServiceProvider services, Func<Task> drop)
    {
        _services = services;
        _drop = drop;
    }

    public IServiceProvider Services => _services;

    public FixedClock Clock => _services.GetRequiredService<FixedClock>();

    public RecordingDispatcher Dispatched => _services.GetRequiredService<RecordingDispatcher>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task<WorkflowDbContext> ContextAsync() => Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    public static async Task<SegmentTestDatabase> CreateAsync(string provider, Action<IServiceCollection>? configure = null)
    {
        string connectionString;
        Func<Task> drop;
        if (provider == "Sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("automation-segments-").FullName;
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
            var name = $"segments_{Guid.NewGuid():N}";
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            };
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = provider,
            ["Persistence:ConnectionString"] = connectionString,
        }).Build();
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection
            .AddLogging()
            .AddSqlitePersistenceProvider()
            .AddPostgreSqlPersistenceProvider()
            .AddAutomationPersistence(configuration)
            .AddAudienceSqlConnections()
            .AddSingleton(clock)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<RecordingDispatcher>()
            .AddSingleton<ISegmentChangeDispatcher>(sp => sp.GetRequiredService<RecordingDispatcher>())
            .AddSingleton<SegmentStore>()
            .AddSingleton<SegmentCatalog>()
            .AddSingleton<SegmentMembershipService>()
            .AddSingleton<SegmentMembershipUpdater>()
            .AddSingleton<SegmentService>()
            .AddSingleton<ContactChangeQueue>()
            .AddSingleton<RecordingScoringDispatcher>()
            .AddSingleton<IScoringChangeDispatcher>(sp => sp.GetRequiredService<RecordingScoringDispatcher>())
            .AddSingleton<ScoringStore>()
            .AddSingleton<ScoringCatalog>()
            .AddSingleton<ScoringChangePublisher>()
            .AddSingleton<EventPointsAwarder>()
            .AddSingleton<ContactScoringEvaluator>()
            .AddSingleton<ScoringPasses>()
            .AddSingleton<ScoringService>();
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return new SegmentTestDatabase(services, drop);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _drop();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class RecordingDispatcher : ISegmentChangeDispatcher
{
    private readonly List<SegmentChange> _changes = [];

    public IReadOnlyList<SegmentChange> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public Task DispatchAsync(IReadOnlyList<SegmentChange> changes, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            _changes.AddRange(changes);
        }

        return Task.CompletedTask;
    }
}

public sealed class RecordingScoringDispatcher : IScoringChangeDispatcher
{
    private readonly List<ScoringOutcome> _outcomes = [];

    public IReadOnlyList<ScoreChange> Scores
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.SelectMany(o => o.Scores).ToList();
            }
        }
    }

    public IReadOnlyList<StageChange> Stages
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.SelectMany(o => o.Stages).ToList();
            }
        }
    }

    public Task DispatchAsync(ScoringOutcome outcome, CancellationToken cancellationToken)
    {
        lock (_outcomes)
        {
            _outcomes.Add(outcome);
        }

        return Task.CompletedTask;
    }
}
