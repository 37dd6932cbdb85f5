using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Audience.Segments.Sql;
using AutomationServer.Audience.Tests.Infrastructure;

namespace AutomationServer.Audience.Tests.Segments;

/// <summary>Rules translated to SQL and run on a real, migrated database, against the same question asked in LINQ.</summary>
public abstract class SegmentSqlTranslationTests : IAsyncLifetime
{
    private SegmentTestDatabase? _database;
    private AudienceSeed _seed = null!;

    protected abstract string Provider { get; }

    private SegmentTestDatabase Database => _database!;

    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        _database = await SegmentTestDatabase.CreateAsync(Provider);
        _seed = AudienceSeed.Generate(Now);
        await _seed.StoreAsync(Database);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [DatabaseFact]
    public Task Every_rule_in_the_per_contact_form_selects_exactly_the_contacts_linq_selects() => EveryRuleMatchesLinqAsync(SegmentSqlForm.PerContact);

    [DatabaseFact]
    public Task Every_rule_in_the_set_form_selects_exactly_the_contacts_linq_selects() => EveryRuleMatchesLinqAsync(SegmentSqlForm.Set);

    private async Task EveryRuleMatchesLinqAsync(SegmentSqlForm form)
    {
        var cases = Rules().ToList();
        var failures = new List<string>();
        foreach (var (json, expected) in cases)
        {
            var actual = await SelectAsync(json, form);
            var wanted = _seed.Contacts.Where(expected).Select(c => c.Id).ToHashSet();
            if (!actual.SetEquals(wanted))
            {
                failures.Add($"{json}: SQL {actual.Count}, LINQ {wanted.Count} (only SQL: {actual.Except(wanted).Count()}, only LINQ: {wanted.Except(actual).Count()})");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // The seed has to make the rules discriminate: neither nobody nor everybody for most of them.
        var sizes = cases.Select(c => _seed.Contacts.Count(c.Expected)).ToList();
        Assert.True(sizes.Count(n => n > 0 && n < _seed.Contacts.Count) >= cases.Count - 2, string.Join(", ", sizes));
    }

    [DatabaseFact]
    public async Task Engaged_but_not_buying_matches_a_hand_written_query()
    {
        const string rule = """
            {"and":[{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}},
                    {"not":{"event":{"name":"order_completed","within":"30d"}}}]}
            """;
        const string handWritten = """
            SELECT COUNT(*) FROM "Contacts" c
            WHERE EXISTS (SELECT 1 FROM "ContactEvents" e WHERE e."ContactId" = c."Id" AND e."Name" = 'email_clicked' AND e."OccurredAt" >= @since AND e."OccurredAt" <= @now)
              AND NOT EXISTS (SELECT 1 FROM "ContactEvents" o WHERE o."ContactId" = c."Id" AND o."Name" = 'order_completed' AND o."OccurredAt" >= @since AND o."OccurredAt" <= @now)
            """;

        await using var session = await Database.Get<IAudienceSqlConnections>().OpenAsync(CancellationToken.None);
        await using var command = session.Connection.CreateCommand();
        command.CommandText = handWritten;
        foreach (var (name, value) in new[] { ("@since", Now.AddDays(-30)), ("@now", Now) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = session.Dialect.ToDatabase(value);
            command.Parameters.Add(parameter);
        }

        var expected = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var preview = await Database.Get<SegmentService>().PreviewAsync(JsonNode.Parse(rule), CancellationToken.None);

        Assert.Empty(preview.Problems);
        Assert.True(expected > 0);
        Assert.Equal(expected, preview.Preview!.Count);
        Assert.Equal(Math.Min(20, expected), preview.Preview.Sample.Count);
        Assert.All(preview.Preview.Sample, id => Assert.Contains(id, (IEnumerable<Guid>)[.. _seed.Contacts.Select(c => c.Id)]));
    }

    [DatabaseFact]
    public async Task Rule_values_reach_the_database_only_as_parameters()
    {
        var parsed = await Database.Get<SegmentService>().ParseAsync(JsonNode.Parse("""
            {"or":[{"attribute":{"name":"plan","op":"eq","value":"x' OR 1=1 --"}},
                   {"event":{"name":"order_completed","where":[{"property":"category","op":"in","value":["'; DROP TABLE \"Contacts\"; --"]}]}}]}
            """), null, CancellationToken.None);

        var statement = SegmentSqlTranslator.SelectContactIds(new SqlDialect(SqlProvider.PostgreSql), parsed.Rule!, Now);

        Assert.DoesNotContain("OR 1=1", statement.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP", statement.Text, StringComparison.Ordinal);
        Assert.Contains(statement.Parameters.Values, p => Equals(p.Value, "x' OR 1=1 --"));
        Assert.Empty(await SelectAsync("""{"attribute":{"name":"plan","op":"eq","value":"x' OR 1=1 --"}}"""));
    }

    [DatabaseFact]
    public async Task Set_form_reads_event_counts_and_sums_as_groups_and_keeps_contacts_without_events_where_zero_passes()
    {
        var dialect = new SqlDialect(SqlProvider.PostgreSql);
        async Task<string> SetSql(string json) =>
            SegmentSqlTranslator.SelectContactIds(dialect, (await Database.Get<SegmentService>().ParseAsync(JsonNode.Parse(json), null, CancellationToken.None)).Rule!, Now).Text;

        var atLeast = await SetSql("""{"event":{"name":"order_completed","within":"60d","count":{"op":"gte","value":3}}}""");
        Assert.Contains("IN (SELECT e1.\"ContactId\"", atLeast, StringComparison.Ordinal);
        Assert.Contains("HAVING COUNT(*) >=", atLeast, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT IN", atLeast, StringComparison.Ordinal);

        var fewer = await SetSql("""{"event":{"name":"email_clicked","within":"30d","count":{"op":"lt","value":2}}}""");
        Assert.Contains("NOT IN (SELECT", fewer, StringComparison.Ordinal);
        Assert.Contains("HAVING NOT (COUNT(*) <", fewer, StringComparison.Ordinal);

        var smallSpend = await SetSql("""{"event":{"name":"order_completed","sum":{"op":"lte","value":100}}}""");
        Assert.Contains("NOT IN (SELECT", smallSpend, StringComparison.Ordinal);

        var perContact = SegmentSqlTranslator.SelectContactIds(dialect,
            (await Database.Get<SegmentService>().ParseAsync(JsonNode.Parse("""{"event":{"name":"order_completed","count":{"op":"gte","value":3}}}"""), null, CancellationToken.None)).Rule!,
            Now, SegmentSqlForm.PerContact).Text;
        Assert.Contains("(SELECT COUNT(*) FROM \"ContactEvents\" e1 WHERE e1.\"ContactId\" = c.\"Id\"", perContact, StringComparison.Ordinal);
        Assert.DoesNotContain("GROUP BY", perContact, StringComparison.Ordinal);

        // Narrowed first by an attribute value, the count is probed per remaining contact even in the set form.
        var narrowed = await SetSql("""{"and":[{"attribute":{"name":"plan","op":"eq","value":"gold"}},{"event":{"name":"order_completed","count":{"op":"gte","value":2}}}]}""");
        Assert.Contains("(SELECT COUNT(*) FROM", narrowed, StringComparison.Ordinal);
        Assert.DoesNotContain("GROUP BY", narrowed, StringComparison.Ordinal);
    }

    private async Task<HashSet<Guid>> SelectAsync(string json, SegmentSqlForm form = SegmentSqlForm.Set)
    {
        var parsed = await Database.Get<SegmentService>().ParseAsync(JsonNode.Parse(json), null, CancellationToken.None);
        Assert.True(parsed.IsValid, json + ": " + string.Join("; ", parsed.Problems));
        await using var session = await Database.Get<IAudienceSqlConnections>().OpenAsync(CancellationToken.None);
        return [.. await session.ReadGuidsAsync(SegmentSqlTranslator.SelectContactIds(session.Dialect, parsed.Rule!, Now, form), CancellationToken.None)];
    }

    private IEnumerable<(string Json, Func<ContactRecord, bool> Expected)> Rules()
    {
        var now = Now;
        bool Within(ContactRecord c, string name, int days) => _seed.EventsOf(c.Id, name).Any(e => e.OccurredAt >= now.AddDays(-days) && e.OccurredAt <= now);
        int CountWithin(ContactRecord c, string name, int days) => _seed.EventsOf(c.Id, name).Count(e => e.OccurredAt >= now.AddDays(-days) && e.OccurredAt <= now);
        ContactAttributeRecord? A(ContactRecord c, string name) => _seed.AttributeOf(c.Id, name);
        bool Tag(ContactRecord c, string tag) => _seed.ContactTags.Any(t => t.ContactId == c.Id && t.Tag == tag);
        JsonElement Props(ContactEventRecord e) => JsonDocument.Parse(e.Properties).RootElement;

        yield return ("""{"and":[{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}},{"not":{"event":{"name":"order_completed","within":"30d"}}}]}""",
            c => Within(c, "email_clicked", 30) && !Within(c, "order_completed", 30));
        yield return ("""{"attribute":{"name":"age","op":"gt","value":40}}""", c => A(c, "age")?.NumberValue > 40);
        yield return ("""{"attribute":{"name":"age","op":"in","value":[30,30.5,45]}}""", c => A(c, "age")?.NumberValue is 30m or 30.5m or 45m);
        yield return ("""{"attribute":{"name":"plan","op":"contains","value":"OL"}}""", c => A(c, "plan")?.TextValue?.ToLowerInvariant().Contains("ol", StringComparison.Ordinal) == true);
        yield return ("""{"attribute":{"name":"plan","op":"startsWith","value":"gol"}}""", c => A(c, "plan")?.TextValue?.ToLowerInvariant().StartsWith("gol", StringComparison.Ordinal) == true);
        yield return ("""{"attribute":{"name":"plan","op":"in","value":["gold","silver"]}}""", c => A(c, "plan")?.TextValue is "gold" or "silver");
        yield return ("""{"attribute":{"name":"plan","op":"ne","value":"gold"}}""", c => A(c, "plan") is { TextValue: not "gold" });
        yield return ("""{"attribute":{"name":"plan","op":"notExists"}}""", c => A(c, "plan") is null);
        yield return ("""{"attribute":{"name":"vip","op":"eq","value":true}}""", c => A(c, "vip")?.BooleanValue == true);
        yield return ("""{"attribute":{"name":"vip","op":"ne","value":true}}""", c => A(c, "vip")?.BooleanValue == false);
        yield return ("""{"attribute":{"name":"birthday","op":"before","value":"1990-01-01"}}""", c => A(c, "birthday")?.DateValue < new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        yield return ("""{"attribute":{"name":"lastLoginAt","op":"withinLast","value":"7d"}}""", c => A(c, "lastLoginAt")?.DateValue is { } at && at >= now.AddDays(-7) && at <= now);
        yield return ("""{"attribute":{"name":"lastLoginAt","op":"olderThan","value":"10d"}}""", c => A(c, "lastLoginAt")?.DateValue < now.AddDays(-10));
        yield return ("""{"attribute":{"name":"interests","op":"contains","value":"golf"}}""",
            c => A(c, "interests")?.TextValue is { } list && JsonSerializer.Deserialize<string[]>(list)!.Contains("golf"));
        yield return ("""{"event":{"name":"order_completed","within":"60d","count":{"op":"gte","value":3}}}""", c => CountWithin(c, "order_completed", 60) >= 3);
        yield return ("""{"event":{"name":"email_clicked","within":"30d","count":{"op":"lt","value":2}}}""", c => CountWithin(c, "email_clicked", 30) < 2);
        yield return ("""{"event":{"name":"email_clicked","within":"30d","count":{"op":"eq","value":0}}}""", c => CountWithin(c, "email_clicked", 30) == 0);
        yield return ("""{"and":[{"attribute":{"name":"plan","op":"in","value":["gold","silver"]}},{"event":{"name":"order_completed","within":"60d","count":{"op":"gte","value":2}}}]}""",
            c => A(c, "plan")?.TextValue is "gold" or "silver" && CountWithin(c, "order_completed", 60) >= 2);
        yield return ("""{"event":{"name":"order_completed","within":"60d","count":{"op":"eq","value":2}}}""", c => CountWithin(c, "order_completed", 60) == 2);
        yield return ("""{"event":{"name":"order_completed","within":"60d","count":{"op":"ne","value":1}}}""", c => CountWithin(c, "order_completed", 60) != 1);
        yield return ("""{"event":{"name":"order_completed","within":"60d","count":{"op":"lte","value":1}}}""", c => CountWithin(c, "order_completed", 60) <= 1);
        yield return ("""{"event":{"name":"email_clicked","within":"30d","count":{"op":"gt","value":1}}}""", c => CountWithin(c, "email_clicked", 30) > 1);
        yield return ("""{"not":{"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":2}}}}""", c => CountWithin(c, "email_clicked", 30) < 2);
        yield return ("""{"event":{"name":"order_completed","sum":{"op":"lt","value":150}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Sum(e => e.Amount ?? 0) < 150);
        yield return ("""{"event":{"name":"order_completed","within":"60d","sum":{"op":"ne","value":0}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Where(e => e.OccurredAt >= now.AddDays(-60)).Sum(e => e.Amount ?? 0) != 0);
        yield return ("""{"event":{"name":"order_completed","where":[{"property":"category","op":"eq","value":"shoes"}],"count":{"op":"lt","value":2}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Count(e => Props(e).GetProperty("category").GetString() == "shoes") < 2);
        yield return ("""{"event":{"name":"order_completed","where":[{"property":"category","op":"eq","value":"books"}],"sum":{"op":"gte","value":50}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Where(e => Props(e).GetProperty("category").GetString() == "books").Sum(e => e.Amount ?? 0) >= 50);
        yield return ("""{"event":{"name":"order_completed","within":"60d","sum":{"op":"gte","value":200}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Where(e => e.OccurredAt >= now.AddDays(-60)).Sum(e => e.Amount ?? 0) >= 200);
        yield return ("""{"event":{"name":"order_completed","lastSeen":{"op":"olderThan","value":"14d"}}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Any() && !Within(c, "order_completed", 14));
        yield return ("""{"event":{"name":"email_clicked","lastSeen":{"op":"withinLast","value":"3d"}}}""", c => Within(c, "email_clicked", 3));
        yield return ("""
            {"event":{"name":"order_completed","where":[{"property":"category","op":"eq","value":"shoes"},{"property":"total","op":"gt","value":50},
              {"property":"gift","op":"eq","value":true},{"property":"items.count","op":"gte","value":2}]}}
            """,
            c => _seed.EventsOf(c.Id, "order_completed").Any(e => Props(e) is var p && p.GetProperty("category").GetString() == "shoes"
                && p.GetProperty("total").GetInt32() > 50 && p.GetProperty("gift").GetBoolean() && p.GetProperty("items").GetProperty("count").GetInt32() >= 2));
        yield return ("""{"event":{"name":"order_completed","where":[{"property":"category","op":"in","value":["books"]},{"property":"coupon","op":"notExists"},{"property":"items.count","op":"exists"}]}}""",
            c => _seed.EventsOf(c.Id, "order_completed").Any(e => Props(e).GetProperty("category").GetString() == "books"));
        yield return ("""{"event":{"name":"page_view","within":"30d","where":[{"property":"url","op":"startsWith","value":"/PRICING"}]}}""",
            c => _seed.EventsOf(c.Id, "page_view").Any(e => e.OccurredAt >= now.AddDays(-30) && Props(e).GetProperty("url").GetString()!.StartsWith("/pricing", StringComparison.Ordinal)));
        yield return ("""{"consent":{"channel":"email"}}""", c => _seed.Consents.Any(k => k.ContactId == c.Id && k.Channel == "email" && k.Topic == "" && k.Status == ConsentStatus.Subscribed));
        yield return ("""{"or":[{"and":[{"score":{"op":"gte","value":50}},{"stage":{"op":"in","value":["mql","customer"]}}]},{"not":{"tag":{"op":"has","value":"newsletter"}}}]}""",
            c => (c.Score >= 50 && c.LifecycleStage is "mql" or "customer") || !Tag(c, "newsletter"));
        yield return ("""{"and":[{"stage":{"op":"ne","value":"lead"}},{"tag":{"op":"hasNot","value":"vip"}},{"score":{"op":"lt","value":70}}]}""",
            c => c.LifecycleStage != "lead" && !Tag(c, "vip") && c.Score < 70);
        yield return ("""{"rfm":{"recency":{"op":"gte","value":3},"monetary":{"op":"gte","value":4}}}""", RfmExpectation(now, r => r >= 3, m => m >= 4));
        yield return ("""{"rfm":{"frequency":{"op":"eq","value":5}}}""", RfmExpectation(now, null, null, f => f == 5));
    }

    /// <summary>Scores by quintile of the cumulative distribution among contacts with an order in the last 365 days.</summary>
    private Func<ContactRecord, bool> RfmExpectation(DateTime now, Func<int, bool>? recency, Func<int, bool>? monetary, Func<int, bool>? frequency = null)
    {
        var stats = _seed.Events
            .Where(e => e.Name == "order_completed" && e.OccurredAt >= now.AddDays(-365) && e.OccurredAt <= now)
            .GroupBy(e => e.ContactId)
            .Select(g => (Id: g.Key, Last: g.Max(e => e.OccurredAt).Ticks, Count: (long)g.Count(), Money: g.Sum(e => e.Amount ?? 0)))
            .ToList();
        int Score<T>(T value, IEnumerable<T> all) where T : IComparable<T>
        {
            var cd = (double)all.Count(v => v.CompareTo(value) <= 0) / stats.Count;
            return cd <= 0.2 ? 1 : cd <= 0.4 ? 2 : cd <= 0.6 ? 3 : cd <= 0.8 ? 4 : 5;
        }

        var matching = stats
            .Where(s => (recency is null || recency(Score(s.Last, stats.Select(x => x.Last))))
                && (frequency is null || frequency(Score(s.Count, stats.Select(x => x.Count))))
                && (monetary is null || monetary(Score(s.Money, stats.Select(x => x.Money)))))
            .Select(s => s.Id)
            .ToHashSet();
        return c => matching.Contains(c.Id);
    }
}

public sealed class SqliteSegmentSqlTranslationTests : SegmentSqlTranslationTests
{
    protected override string Provider => "Sqlite";
}

[RequiresPostgreSql]
public sealed class PostgreSqlSegmentSqlTranslationTests : SegmentSqlTranslationTests
{
    protected override string Provider => "PostgreSql";
}
