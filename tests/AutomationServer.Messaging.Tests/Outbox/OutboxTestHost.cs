using System.Collections.Concurrent;
using AutomationServer.Audience;
using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Persistence;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AutomationServer.Messaging.Tests.Outbox;

/// <summary>
/// The engine, the audience and the send pipeline over a fresh migrated database, with a manual clock and fakes for the
/// parts other work provides (policy, renderer) and for the channel. <see cref="CreateNodeAsync"/> makes a second node on
/// the same database, clock and channel.
/// </summary>
public sealed class OutboxTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task>? _drop;

    private OutboxTestHost(ServiceProvider services, Shared shared, Func<Task>? drop)
    {
        _services = services;
        State = shared;
        _drop = drop;
    }

    public Shared State { get; }

    public ManualClock Clock => State.Clock;

    public FakeChannel Channel => State.Channel;

    public FakePolicy Policy => State.Policy;

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public OutboxProcessor Processor => Get<OutboxProcessor>();

    public IMessageStore Store => Get<IMessageStore>();

    public Task<WorkflowDbContext> ContextAsync() => Get<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    public static async Task<OutboxTestHost> CreateAsync(string provider = "Sqlite", IDictionary<string, string?>? settings = null)
    {
        string connectionString;
        Func<Task> drop;
        if (provider == "Sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("automation-outbox-").FullName;
            connectionString = $"Data Source={Path.Combine(folder, "outbox.db")}";
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
            var name = $"outbox_{Guid.NewGuid():N}";
            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            drop = async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            };
        }

        var shared = new Shared(provider, connectionString, settings ?? new Dictionary<string, string?>());
        var host = await BuildAsync(shared, drop);
        await host._services.MigrateAutomationDatabaseAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Another node on the same database: its own services, pools and dispatcher; the same clock and channel.</summary>
    public Task<OutboxTestHost> CreateNodeAsync() => BuildAsync(State, null);

    private static Task<OutboxTestHost> BuildAsync(Shared shared, Func<Task>? drop)
    {
        var values = new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = shared.Provider,
            ["Persistence:ConnectionString"] = shared.ConnectionString,
            ["Messaging:SendTimeout"] = "00:00:05",
            ["Messaging:Dispatch:LeaseDuration"] = "00:01:00",
        };
        foreach (var (key, value) in shared.Settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(shared.Clock)
            .AddSingleton<IConfiguration>(configuration);
        services.AddSqlitePersistenceProvider();
        services.AddPostgreSqlPersistenceProvider();
        services.AddAutomationPersistence(configuration);
        services.AddWorkflowEngine(configuration);
        services.GetActivityRegistry("outbox tests").Register<QueueTestMessage>();
        services.AddAudience(configuration);
        services.AddPluginHostServices();
        services.AddAutomationMessaging(configuration);
        services.AddSingleton<ISendPolicy>(shared.Policy);
        services.AddSingleton<IMessageRenderer>(shared.Renderer);
        services.AddSingleton(shared.Channel);
        services.AddSingleton(new ChannelRegistration("email", "Email", null, typeof(FakeChannel), "tests"));
        return Task.FromResult(new OutboxTestHost(services.BuildServiceProvider(), shared, drop));
    }

    public async Task<Guid> AddContactAsync(string? email, string? timeZone = null)
    {
        var id = Guid.CreateVersion7();
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = await ContextAsync();
        db.Contacts.Add(new ContactRecord { Id = id, TimeZone = timeZone, CreatedAt = now, UpdatedAt = now });
        if (email is not null)
        {
            db.ContactIdentities.Add(new ContactIdentityRecord { ContactId = id, Kind = "email", Value = email });
        }

        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Puts messages in the outbox as the engine does, due now.</summary>
    public async Task<List<Guid>> QueueAsync(IEnumerable<MessageRequest> requests)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var rows = requests.Select(r => new MessageRecord
        {
            Id = Guid.NewGuid(),
            Channel = r.Channel,
            ContactId = r.ContactId is { } contact ? Guid.Parse(contact) : null,
            TemplateId = r.TemplateId,
            Topic = r.Topic,
            Purpose = r.Purpose,
            Request = MessageRequestJson.Serialize(r),
            State = MessageState.Queued,
            DueAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await using var db = await ContextAsync();
        db.Messages.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    public async Task<Guid> QueueAsync(MessageRequest request) => (await QueueAsync([request]))[0];

    public static MessageRequest EmailTo(Guid contactId, string subject = "Hello") =>
        new() { Channel = "email", ContactId = contactId.ToString(), Subject = subject, Body = "Body" };

    public async Task<MessageRecord> MessageAsync(Guid id)
    {
        await using var db = await ContextAsync();
        return await db.Messages.SingleAsync(m => m.Id == id);
    }

    public async Task<List<ContactEventRecord>> TimelineAsync(Guid contactId)
    {
        await using var db = await ContextAsync();
        return await db.ContactEvents.Where(e => e.ContactId == contactId).OrderBy(e => e.OccurredAt).ToListAsync();
    }

    /// <summary>Runs the processor until nothing is due.</summary>
    public async Task<int> DrainAsync()
    {
        var total = 0;
        int claimed;
        while ((claimed = await Processor.DispatchDueAsync(CancellationToken.None)) > 0)
        {
            total += claimed;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_drop is not null)
        {
            await _drop();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What the nodes of one test share.</summary>
    public sealed class Shared(string provider, string connectionString, IDictionary<string, string?> settings)
    {
        public string Provider { get; } = provider;

        public string ConnectionString { get; } = connectionString;

        public IDictionary<string, string?> Settings { get; } = settings;

        public ManualClock Clock { get; } = new();

        public FakeChannel Channel { get; } = new();

        public FakePolicy Policy { get; } = new();

        public FakeRenderer Renderer { get; } = new();
    }
}

/// <summary>A clock the test moves by hand; timers still run on real time.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>A channel that counts every hand-off per message and answers what the test tells it to.</summary>
public sealed class FakeChannel : IChannel
{
    private readonly ConcurrentDictionary<Guid, int> _calls = new();

    public ConcurrentQueue<OutgoingMessage> Sent { get; } = new();

    /// <summary>Given the message and how many times it was handed over before; default: accepted.</summary>
    public Func<OutgoingMessage, int, SendResult> Answer { get; set; } = (m, _) => SendResult.Sent("provider-" + m.MessageId.ToString("N")[..12]);

    /// <summary>Awaited before answering (to hold sends in flight).</summary>
    public Func<Task>? Gate { get; set; }

    public int InFlight;

    public int CallsFor(Guid messageId) => _calls.GetValueOrDefault(messageId);

    public int TotalCalls => _calls.Values.Sum();

    public IReadOnlyDictionary<Guid, int> Calls => _calls;

    public async ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var before = _calls.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1) - 1;
        Interlocked.Increment(ref InFlight);
        try
        {
            if (Gate is { } gate)
            {
                await gate();
            }

            Sent.Enqueue(message);
            return Answer(message, before);
        }
        finally
        {
            Interlocked.Decrement(ref InFlight);
        }
    }
}

public sealed class FakePolicy : ISendPolicy
{
    public Func<PolicyCandidate, PolicyDecision> Decide { get; set; } = _ => PolicyDecision.Allow;

    public int Calls;

    public Task<IReadOnlyList<PolicyDecision>> DecideAsync(IReadOnlyList<PolicyCandidate> candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult<IReadOnlyList<PolicyDecision>>(candidates.Select(Decide).ToList());
    }
}

/// <summary>Subject and body as given; a subject of "broken" is a template error.</summary>
public sealed class FakeRenderer : IMessageRenderer
{
    public Task<RenderedMessage> RenderAsync(Guid messageId, MessageRequest request, Recipient recipient, CancellationToken cancellationToken) =>
        request.Subject == "broken"
            ? throw new MessageRenderException("Liquid error at line 1, column 4.")
            : Task.FromResult(new RenderedMessage { Subject = request.Subject, TextBody = request.Body, HtmlBody = request.HtmlBody, From = request.From });
}

/// <summary>A fact that needs a PostgreSQL server: runs when AUTOMATION_TEST_POSTGRES holds a connection string.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "AUTOMATION_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string to run this test.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
