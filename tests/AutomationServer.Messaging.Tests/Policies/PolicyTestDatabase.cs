using AutomationServer.Audience;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AutomationServer.Messaging.Tests.Policies;

/// <summary>A new database migrated with the real migrations, the send policy over it, a controllable clock and a count of SQL commands.</summary>
public sealed class PolicyTestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task> _drop;

    private PolicyTestDatabase(ServiceProvider services, Func<Task> drop)
    {
        _services = services;
        _drop = drop;
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public ManualClock Clock => Get<ManualClock>();

    public CommandCounter Commands => Get<CommandCounter>();

    public ISendPolicy Policy => Get<ISendPolicy>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task<WorkflowDbContext> ContextAsync() => Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    public static async Task<PolicyTestDatabase> CreateAsync(Dictionary<string, string?>? settings = null, string provider = "Sqlite", string defaultTimeZone = "UTC")
    {
        string connectionString;
        Func<Task> drop;
        if (provider == "Sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("automation-policies-").FullName;
            connectionString = $"Data Source={Path.Combine(folder, "policies.db")}";
            drop = () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return Task.CompletedTask;
            };
        }
        else
        {
            var admin = PostgresFactAttribute.ConnectionString ?? throw new InvalidOperationException("No PostgreSQL server.");
            var name = $"policies_{Guid.NewGuid():N}";
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            };
        }

        var values = new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = provider,
            ["Persistence:ConnectionString"] = connectionString,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new ManualClock(Start);
        var counter = new CommandCounter();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(counter))
            .AddSqlitePersistenceProvider()
            .AddPostgreSqlPersistenceProvider()
            .AddAutomationPersistence(configuration)
            .AddSingleton(clock)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(counter)
            .Configure<AudienceOptions>(o => o.DefaultTimeZone = defaultTimeZone)
            .AddSendPolicies(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return new PolicyTestDatabase(services, drop);
    }

    public async Task<Guid> AddContactAsync(string? email = null, Action<WorkflowDbContext, Guid>? more = null)
    {
        var id = Guid.NewGuid();
        await using var db = await ContextAsync();
        db.Contacts.Add(new ContactRecord { Id = id, CreatedAt = Start.UtcDateTime, UpdatedAt = Start.UtcDateTime });
        if (email is not null)
        {
            db.ContactIdentities.Add(new ContactIdentityRecord { ContactId = id, Kind = "email", Value = email });
        }

        more?.Invoke(db, id);
        await db.SaveChangesAsync();
        return id;
    }

    public async Task ConsentAsync(Guid contactId, ConsentStatus status, string topic = "", string channel = "email")
    {
        await using var db = await ContextAsync();
        db.ContactConsents.Add(new ContactConsentRecord { ContactId = contactId, Channel = channel, Topic = topic, Status = status, Source = "test", UpdatedAt = Start.UtcDateTime });
        await db.SaveChangesAsync();
    }

    public async Task SuppressAsync(string address, string channel = "email", string? reason = null)
    {
        await using var db = await ContextAsync();
        db.Suppressions.Add(new SuppressionRecord { Channel = channel, Address = address, Reason = reason, CreatedAt = Start.UtcDateTime });
        await db.SaveChangesAsync();
    }

    /// <summary>A row of the Messages table as the dispatcher leaves it, from the journey <paramref name="definitionId"/>.</summary>
    public async Task SentAsync(Guid contactId, DateTimeOffset sentAt, string definitionId = "journey-a", MessageState state = MessageState.Sent,
        MessagePurpose purpose = MessagePurpose.Marketing, string channel = "email")
    {
        await using var db = await ContextAsync();
        db.Messages.Add(new MessageRecord
        {
            Id = Guid.NewGuid(),
            Channel = channel,
            ContactId = contactId,
            DefinitionId = definitionId,
            Purpose = purpose,
            State = state,
            DueAt = sentAt.UtcDateTime,
            CreatedAt = sentAt.UtcDateTime,
            UpdatedAt = sentAt.UtcDateTime,
            SentAt = state == MessageState.Sent ? sentAt.UtcDateTime : null,
        });
        await db.SaveChangesAsync();
    }

    public static PolicyCandidate Candidate(Guid? contactId, string? address = "someone@example.com", MessagePurpose purpose = MessagePurpose.Marketing,
        string? topic = null, string? timeZone = null, bool doNotContact = false, string channel = "email") =>
        new(Guid.NewGuid(), channel, purpose, topic, new Recipient { ContactId = contactId, Address = address, TimeZone = timeZone, DoNotContact = doNotContact });

    public async Task<PolicyDecision> DecideAsync(PolicyCandidate candidate) => (await Policy.DecideAsync([candidate], Clock.GetUtcNow(), CancellationToken.None)).Single();

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

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Counts the SQL commands EF Core executes for this service provider (its "command executed" log entries).</summary>
public sealed class CommandCounter : ILoggerProvider
{
    private const int CommandExecutedEventId = 20101;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => categoryName == "Microsoft.EntityFrameworkCore.Database.Command" ? new Counting(this) : NullLoggerInstance;

    public void Dispose()
    {
    }

    private static readonly ILogger NullLoggerInstance = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private sealed class Counting(CommandCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == CommandExecutedEventId)
            {
                Interlocked.Increment(ref counter._count);
            }
        }
    }
}

/// <summary>A test that needs a PostgreSQL server: runs when <c>AUTOMATION_TEST_POSTGRES</c> holds a connection string that may create databases.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "AUTOMATION_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string (tools/postgres-test-server.sh start DIR prints one) to run this test.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
