using System.Text.Json.Nodes;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Audience.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Audience.Tests.Segments;

/// <summary>What a segment computation leaves behind when it fails, and how long its SQL may run.</summary>
public abstract class SegmentComputationLimitsTests : IAsyncLifetime
{
    private const string Clickers = """{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}}""";

    private SegmentTestDatabase? _database;
    private readonly RecordingConnections _recorded = new();

    protected abstract string Provider { get; }

    protected SegmentTestDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await SegmentTestDatabase.CreateAsync(Provider, services =>
    {
        services.Configure<AudienceOptions>(options => options.SegmentCommandTimeout = TimeSpan.FromSeconds(77));

        // The real connections, recorded: the sessions the segment services open are checked for their timeout.
        var real = services.Single(d => d.ServiceType == typeof(IAudienceSqlConnections));
        services.Remove(real);
        services.AddSingleton<IAudienceSqlConnections>(sp => _recorded.Wrap((IAudienceSqlConnections)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
    });

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [DatabaseFact]
    public async Task A_segment_whose_computation_fails_is_not_stored_and_can_be_created_again()
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        await AudienceSeed.Generate(now, contacts: 60).StoreAsync(Database);
        await ExecuteAsync(RefuseEntriesSql);

        await Assert.ThrowsAnyAsync<Exception>(() => Database.Get<SegmentService>().CreateAsync("clickers", "Clickers", JsonNode.Parse(Clickers), CancellationToken.None));

        Assert.Null(await Database.Get<SegmentStore>().GetAsync("clickers", CancellationToken.None));
        await using (var db = await Database.ContextAsync())
        {
            Assert.Equal(0, await db.SegmentMemberships.CountAsync());
            Assert.Equal(0, await db.ContactEvents.CountAsync(e => e.Name == SegmentChange.EnteredEvent));
        }

        Assert.Empty(Database.Dispatched.Changes);

        await ExecuteAsync(AllowEntriesSql);
        var saved = await Database.Get<SegmentService>().CreateAsync("clickers", "Clickers", JsonNode.Parse(Clickers), CancellationToken.None);
        Assert.Equal(SegmentSaveStatus.Saved, saved.Status);
        Assert.True(saved.Segment!.MemberCount > 0);
    }

    [DatabaseFact]
    public async Task Segment_computations_run_their_sql_with_the_configured_command_timeout()
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        await AudienceSeed.Generate(now, contacts: 20).StoreAsync(Database);
        var rule = (await Database.Get<SegmentService>().ParseAsync(JsonNode.Parse(Clickers), null, CancellationToken.None)).Rule!;

        _recorded.Sessions.Clear();
        await Database.Get<SegmentMembershipService>().PreviewAsync(rule, 5, CancellationToken.None);
        await Database.Get<SegmentService>().CreateAsync("clickers", "Clickers", JsonNode.Parse(Clickers), CancellationToken.None);
        await Database.Get<SegmentMembershipService>().RecomputeAsync("clickers", CancellationToken.None);

        var timeouts = _recorded.Sessions.Where(s => s.CommandTimeout is not null).Select(s => s.CommandTimeout).ToList();
        Assert.True(timeouts.Count >= 3, $"{timeouts.Count} sessions with a timeout");
        Assert.All(timeouts, t => Assert.Equal(TimeSpan.FromSeconds(77), t));
    }

    protected abstract string RefuseEntriesSql { get; }

    protected abstract string AllowEntriesSql { get; }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Database.ContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private sealed class RecordingConnections
    {
        public List<AudienceSqlSession> Sessions { get; } = [];

        public IAudienceSqlConnections Wrap(IAudienceSqlConnections inner) => new Recorder(inner, this);

        private sealed class Recorder(IAudienceSqlConnections inner, RecordingConnections owner) : IAudienceSqlConnections
        {
            public async Task<AudienceSqlSession> OpenAsync(CancellationToken cancellationToken)
            {
                var session = await inner.OpenAsync(cancellationToken);
                lock (owner.Sessions)
                {
                    owner.Sessions.Add(session);
                }

                return session;
            }
        }
    }
}

public sealed class SqliteSegmentComputationLimitsTests : SegmentComputationLimitsTests
{
    protected override string Provider => "Sqlite";

    protected override string RefuseEntriesSql =>
        """CREATE TRIGGER refuse_entries BEFORE INSERT ON "ContactEvents" WHEN NEW."Name" = 'segment_entered' BEGIN SELECT RAISE(ABORT, 'entries refused'); END""";

    protected override string AllowEntriesSql => "DROP TRIGGER refuse_entries";
}

[RequiresPostgreSql]
public sealed class PostgreSqlSegmentComputationLimitsTests : SegmentComputationLimitsTests
{
    protected override string Provider => "PostgreSql";

    protected override string RefuseEntriesSql => """
        CREATE FUNCTION refuse_entries() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'entries refused'; END $$;
        CREATE TRIGGER refuse_entries BEFORE INSERT ON "ContactEvents" FOR EACH ROW WHEN (NEW."Name" = 'segment_entered') EXECUTE FUNCTION refuse_entries();
        """;

    protected override string AllowEntriesSql => """DROP TRIGGER refuse_entries ON "ContactEvents"; DROP FUNCTION refuse_entries();""";

    [DatabaseFact]
    public async Task A_session_timeout_cuts_a_long_command_short()
    {
        await using var session = await Database.Get<IAudienceSqlConnections>().OpenAsync(CancellationToken.None);
        session.CommandTimeout = TimeSpan.FromSeconds(1);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => session.ScalarAsync(new SqlStatement("SELECT pg_sleep(10)", new SqlParameters()), CancellationToken.None));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(8), started.Elapsed.ToString());
    }
}
