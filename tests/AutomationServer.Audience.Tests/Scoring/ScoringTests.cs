using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Scoring;
using AutomationServer.Audience.Scoring.Activities;
using AutomationServer.Audience.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Audience.Tests.Scoring;

public abstract class ScoringTests : IAsyncLifetime
{
    private SegmentTestDatabase? _database;

    protected abstract string Provider { get; }

    private SegmentTestDatabase Database => _database!;

    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private ScoringService Scoring => Database.Get<ScoringService>();

    public async Task InitializeAsync() => _database = await SegmentTestDatabase.CreateAsync(Provider);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [DatabaseFact]
    public async Task An_event_rule_with_property_filters_awards_each_stored_event_once_within_its_limit()
    {
        var contact = await ContactAsync(score: 0);
        await SaveRuleAsync("""
            {"id":"pricing","name":"Pricing page","kind":"event","points":10,"limit":{"max":2,"per":"1d"},
             "event":{"name":"page_view","where":[{"property":"url","op":"startsWith","value":"/pricing"}]}}
            """);
        var pricing = Event(contact, "page_view", """{"url":"/pricing/teams"}""");
        var blog = Event(contact, "page_view", """{"url":"/blog/1"}""");

        await AwardAsync(pricing, blog);
        await AwardAsync(pricing);
        Assert.Equal(10, await ScoreAsync(contact));

        // A second pricing view the same day counts, a third is over the limit of two a day.
        await AwardAsync(Event(contact, "page_view", """{"url":"/pricing"}"""), Event(contact, "page_view", """{"url":"/pricing/x"}"""));
        Assert.Equal(20, await ScoreAsync(contact));

        Database.Clock.Now = Database.Clock.Now.AddDays(1).AddMinutes(1);
        await AwardAsync(Event(contact, "page_view", """{"url":"/pricing"}"""));
        Assert.Equal(30, await ScoreAsync(contact));

        var changes = await EventsAsync(contact, ScoreChange.EventName);
        Assert.Equal([(0, 10), (10, 20), (20, 30)], changes.Select(c => (c.GetProperty("from").GetInt32(), c.GetProperty("to").GetInt32())).Order());
        Assert.All(changes, c => Assert.Equal("pricing", c.GetProperty("ruleId").GetString()));
        Assert.Equal(3, Database.Get<RecordingScoringDispatcher>().Scores.Count);
    }

    [DatabaseFact]
    public async Task An_attribute_rule_awards_once_while_its_condition_holds_and_again_after_it_stopped_holding()
    {
        await using (var db = await Database.ContextAsync())
        {
            db.ContactAttributeDefinitions.Add(new ContactAttributeDefinitionRecord { Name = "plan", Type = "string", CreatedAt = Now });
            await db.SaveChangesAsync();
        }

        var gold = await ContactAsync(score: 5, plan: "gold");
        var silver = await ContactAsync(score: 5, plan: "silver");

        // Saving the rule applies it to the contacts it already matches.
        await SaveRuleAsync("""{"id":"gold-plan","name":"Gold plan","kind":"attribute","points":25,"condition":{"attribute":{"name":"plan","op":"eq","value":"gold"}}}""");
        Assert.Equal((30, 5), (await ScoreAsync(gold), await ScoreAsync(silver)));

        var evaluator = Database.Get<ContactScoringEvaluator>();
        Assert.False((await evaluator.EvaluateAsync(gold, CancellationToken.None)).Any);
        Assert.Equal(30, await ScoreAsync(gold));

        await SetPlanAsync(gold, "silver");
        await evaluator.EvaluateAsync(gold, CancellationToken.None);
        await SetPlanAsync(gold, "gold");
        await evaluator.EvaluateAsync(gold, CancellationToken.None);
        Assert.Equal(55, await ScoreAsync(gold));
    }

    [DatabaseFact]
    public async Task Decay_runs_once_per_period_toward_zero_and_records_each_change()
    {
        var high = await ContactAsync(score: 45);
        var low = await ContactAsync(score: -5);
        var zero = await ContactAsync(score: 0);
        Assert.Equal(ScoringSaveStatus.Saved, (await Scoring.PutDecayAsync(JsonNode.Parse("""{"enabled":true,"percent":10,"every":"7d"}"""), CancellationToken.None)).Status);
        var passes = Database.Get<ScoringPasses>();

        Assert.Null(await passes.ApplyDecayIfDueAsync(CancellationToken.None));
        Database.Clock.Now = Database.Clock.Now.AddDays(7);
        Assert.Equal(2, await passes.ApplyDecayIfDueAsync(CancellationToken.None));
        Assert.Null(await passes.ApplyDecayIfDueAsync(CancellationToken.None));

        Assert.Equal((40, -4, 0), (await ScoreAsync(high), await ScoreAsync(low), await ScoreAsync(zero)));
        var change = Assert.Single(await EventsAsync(high, ScoreChange.EventName));
        Assert.Equal((45, 40, "decay"), (change.GetProperty("from").GetInt32(), change.GetProperty("to").GetInt32(), change.GetProperty("reason").GetString()));
    }

    [DatabaseFact]
    public async Task Stage_rules_move_a_contact_to_the_highest_stage_whose_condition_holds()
    {
        var contact = await ContactAsync(score: 40);
        var stages = """
            {"stages":[{"stage":"lead","condition":{"score":{"op":"gte","value":0}}},
                       {"stage":"mql","condition":{"score":{"op":"gte","value":50}}},
                       {"stage":"sql"},
                       {"stage":"customer","condition":{"event":{"name":"order_completed"}}}]}
            """;
        Assert.Equal(ScoringSaveStatus.Saved, (await Scoring.PutStagesAsync(JsonNode.Parse(stages), CancellationToken.None)).Status);
        Assert.Equal("lead", await StageAsync(contact));

        await SaveRuleAsync("""{"id":"demo","name":"Demo","kind":"event","points":20,"event":{"name":"demo_requested"}}""");
        await AwardAsync(Event(contact, "demo_requested", "{}"));
        var outcome = await Database.Get<ContactScoringEvaluator>().EvaluateAsync(contact, CancellationToken.None);

        Assert.Equal(new StageChange(contact, "lead", "mql", ScoringReasons.StageRule), Assert.Single(outcome.Stages));
        Assert.Equal("mql", await StageAsync(contact));
        var recorded = await EventsAsync(contact, StageChange.EventName);
        Assert.Equal([(null, "lead"), ("lead", "mql")], recorded.Select(e => (e.GetProperty("from").GetString(), e.GetProperty("to").GetString())).OrderBy(e => e.Item2, StringComparer.Ordinal));
        Assert.Equal(["lead", "mql"], Database.Get<RecordingScoringDispatcher>().Stages.Select(s => s.To));
    }

    [DatabaseFact]
    public async Task Invalid_rules_name_each_problem_by_its_json_path()
    {
        var result = await Scoring.CreateRuleAsync(JsonNode.Parse("""
            {"id":"Bad Id","name":"x","kind":"event","points":"ten","limit":{"max":0},
             "event":{"name":"page_view","where":[{"property":"url","op":"gt","value":"x"}]}}
            """)!.AsObject(), CancellationToken.None);

        Assert.Equal(ScoringSaveStatus.Invalid, result.Status);
        Assert.Equal(["event.where[0].value", "id", "limit.max", "points"], result.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        var attribute = await Scoring.CreateRuleAsync(JsonNode.Parse("""{"id":"a","name":"a","kind":"attribute","points":1,"condition":{"attribute":{"name":"nope","op":"eq","value":1}}}""")!.AsObject(), CancellationToken.None);
        Assert.Equal("condition.attribute.name", Assert.Single(attribute.Problems).Path);
    }

    [DatabaseFact]
    public void Score_crossing_is_from_below_to_at_or_above_for_up_and_the_reverse_for_down()
    {
        Assert.True(ScoreCrossed.Crosses(50, "up", 40, 60));
        Assert.True(ScoreCrossed.Crosses(50, "up", 49, 50));
        Assert.False(ScoreCrossed.Crosses(50, "up", 60, 70));
        Assert.False(ScoreCrossed.Crosses(50, "up", 60, 40));
        Assert.True(ScoreCrossed.Crosses(50, "down", 50, 49));
        Assert.False(ScoreCrossed.Crosses(50, "down", 40, 30));
    }

    private async Task SaveRuleAsync(string json)
    {
        var result = await Scoring.CreateRuleAsync(JsonNode.Parse(json)!.AsObject(), CancellationToken.None);
        Assert.True(result.Status == ScoringSaveStatus.Saved, string.Join("; ", result.Problems.Select(p => $"{p.Path}: {p.Message}")));
    }

    private async Task<Guid> ContactAsync(int score, string? plan = null)
    {
        var id = Guid.CreateVersion7();
        await using var db = await Database.ContextAsync();
        db.Contacts.Add(new ContactRecord { Id = id, Score = score, CreatedAt = Now, UpdatedAt = Now });
        if (plan is not null)
        {
            db.ContactAttributes.Add(new ContactAttributeRecord { ContactId = id, Name = "plan", TextValue = plan });
        }

        await db.SaveChangesAsync();
        return id;
    }

    private async Task SetPlanAsync(Guid contact, string plan)
    {
        await using var db = await Database.ContextAsync();
        await db.ContactAttributes.Where(a => a.ContactId == contact && a.Name == "plan").ExecuteUpdateAsync(s => s.SetProperty(a => a.TextValue, plan));
    }

    private ContactEventRecord Event(Guid contact, string name, string properties) => new()
    {
        Id = Guid.CreateVersion7(),
        ContactId = contact,
        Name = name,
        OccurredAt = Now,
        ReceivedAt = Now,
        Properties = properties,
    };

    /// <summary>Stores the events that are new (as the event store does) and awards their points.</summary>
    private async Task AwardAsync(params ContactEventRecord[] events)
    {
        var stored = new List<ContactEventRecord>();
        await using (var db = await Database.ContextAsync())
        {
            foreach (var e in events)
            {
                if (!await db.ContactEvents.AnyAsync(x => x.Id == e.Id))
                {
                    db.ContactEvents.Add(e);
                    stored.Add(e);
                }
            }

            await db.SaveChangesAsync();
        }

        await Database.Get<EventPointsAwarder>().AwardAsync(events, CancellationToken.None);
    }

    private async Task<int> ScoreAsync(Guid contact)
    {
        await using var db = await Database.ContextAsync();
        return (await db.Contacts.SingleAsync(c => c.Id == contact)).Score;
    }

    private async Task<string?> StageAsync(Guid contact)
    {
        await using var db = await Database.ContextAsync();
        return (await db.Contacts.SingleAsync(c => c.Id == contact)).LifecycleStage;
    }

    private async Task<List<JsonElement>> EventsAsync(Guid contact, string name)
    {
        await using var db = await Database.ContextAsync();
        var rows = await db.ContactEvents.Where(e => e.ContactId == contact && e.Name == name).ToListAsync();
        return rows.OrderBy(e => e.Id).Select(e => JsonDocument.Parse(e.Properties).RootElement.Clone()).ToList();
    }
}

public sealed class SqliteScoringTests : ScoringTests
{
    protected override string Provider => "Sqlite";
}

[RequiresPostgreSql]
public sealed class PostgreSqlScoringTests : ScoringTests
{
    protected override string Provider => "PostgreSql";
}
