using System.Text.Json.Nodes;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Tests.Segments;

public sealed class SegmentRuleParserTests
{
    private static readonly RuleContext Context = new(
        new Dictionary<string, string> { ["plan"] = "string", ["age"] = "number", ["vip"] = "boolean", ["birthday"] = "date", ["trialEndsAt"] = "datetime", ["interests"] = "list" },
        new Dictionary<string, IReadOnlyCollection<string>> { ["a"] = [], ["b"] = ["a"], ["c"] = ["b"] },
        null);

    private static RuleParseResult Parse(string json, RuleContext? context = null) => SegmentRuleParser.Parse(JsonNode.Parse(json), context ?? Context);

    private static Dictionary<string, string> ProblemsByPath(RuleParseResult result) =>
        result.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(p => p.Message)));

    [Fact]
    public void Engaged_but_not_buying_parses_into_the_expected_tree()
    {
        var result = Parse("""
            {"and":[
              {"event":{"name":"email_clicked","within":"30d","count":{"op":"gte","value":1}}},
              {"not":{"event":{"name":"order_completed","within":"30d"}}}
            ]}
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var all = Assert.IsType<AllOf>(result.Rule);
        var clicked = Assert.IsType<EventCondition>(all.Rules[0]);
        Assert.Equal("email_clicked", clicked.Name);
        Assert.Equal(TimeSpan.FromDays(30), clicked.Within!.Value.Span);
        Assert.Equal(new CountMeasure(RuleOperator.Gte, 1), clicked.Measure);
        var ordered = Assert.IsType<EventCondition>(Assert.IsType<Not>(all.Rules[1]).Rule);
        Assert.Equal(new CountMeasure(RuleOperator.Gte, 1), ordered.Measure);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_json_path()
    {
        var result = Parse("""
            {"and":[
              {"attribute":{"name":"Plan","op":"eq","value":"gold"}},
              {"event":{"name":"order_completed","within":"30 days","sum":{"op":"between","value":"x"}}},
              {"attribute":{"name":"age","op":"contains","value":3}},
              {"or":[]},
              {"tag":{"op":"has"}},
              {"consent":{"channel":"email","status":"Yes"}},
              {"event":{"name":"page_view","where":[{"property":"url path","op":"eq","value":"/"},{"property":"total","op":"gt","value":"ten"}]}},
              {"segment":{"id":"missing"}},
              {"whatever":{}},
              {"attribute":{"name":"vip","op":"eq","value":"yes","extra":1}}
            ]}
            """);

        Assert.False(result.IsValid);
        var problems = ProblemsByPath(result);
        Assert.Contains("Unknown attribute 'Plan'", problems["definition.and[0].attribute.name"]);
        Assert.Contains("duration", problems["definition.and[1].event.within"]);
        Assert.Contains("'between'", problems["definition.and[1].event.sum.op"]);
        Assert.Contains("number", problems["definition.and[1].event.sum.value"]);
        Assert.Contains("'contains' cannot be used with a number attribute", problems["definition.and[2].attribute.op"]);
        Assert.Contains("non-empty array", problems["definition.and[3].or"]);
        Assert.Equal("Required.", problems["definition.and[4].tag.value"]);
        Assert.Contains("Unknown status 'Yes'", problems["definition.and[5].consent.status"]);
        Assert.Contains("Property paths", problems["definition.and[6].event.where[0].property"]);
        Assert.Contains("number", problems["definition.and[6].event.where[1].value"]);
        Assert.Contains("Unknown segment 'missing'", problems["definition.and[7].segment.id"]);
        Assert.Contains("Unknown condition 'whatever'", problems["definition.and[8]"]);
        Assert.Contains("Unknown field", problems["definition.and[9].attribute.extra"]);
        Assert.Equal(13, result.Problems.Count);
    }

    [Theory]
    [InlineData("""{"attribute":{"name":"plan","op":"gt","value":"a"}}""", "definition.attribute.op")]
    [InlineData("""{"attribute":{"name":"vip","op":"eq","value":1}}""", "definition.attribute.value")]
    [InlineData("""{"attribute":{"name":"birthday","op":"eq","value":"1990-02-30"}}""", "definition.attribute.value")]
    [InlineData("""{"attribute":{"name":"trialEndsAt","op":"after","value":"2026-01-01"}}""", "definition.attribute.value")]
    [InlineData("""{"attribute":{"name":"trialEndsAt","op":"withinLast","value":"0d"}}""", "definition.attribute.value")]
    [InlineData("""{"attribute":{"name":"interests","op":"eq","value":"golf"}}""", "definition.attribute.op")]
    [InlineData("""{"attribute":{"name":"plan","op":"exists","value":"x"}}""", "definition.attribute.value")]
    [InlineData("""{"attribute":{"name":"plan","op":"in","value":[]}}""", "definition.attribute.value")]
    [InlineData("""{"event":{"name":"x","within":"7d","lastSeen":{"op":"withinLast","value":"7d"}}}""", "definition.event.within")]
    [InlineData("""{"event":{"name":"x","count":{"op":"gte","value":1},"sum":{"op":"gte","value":1}}}""", "definition.event")]
    [InlineData("""{"event":{"name":"x","count":{"op":"gte","value":-1}}}""", "definition.event.count.value")]
    [InlineData("""{"event":{"name":"has space"}}""", "definition.event.name")]
    [InlineData("""{"rfm":{"recency":{"op":"gte","value":6}}}""", "definition.rfm.recency.value")]
    [InlineData("""{"rfm":{}}""", "definition.rfm")]
    [InlineData("""{"stage":{"op":"contains","value":"lead"}}""", "definition.stage.op")]
    [InlineData("""{"score":{"op":"gte"}}""", "definition.score.value")]
    [InlineData("""{"not":[{"score":{"op":"gte","value":1}}]}""", "definition.not")]
    [InlineData("""{"and":[{"score":{"op":"gte","value":1}}], "or":[]}""", "definition")]
    [InlineData("""[]""", "definition")]
    public void A_type_incompatible_or_malformed_condition_names_its_path(string json, string path)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void Each_attribute_type_accepts_its_own_operators()
    {
        var result = Parse("""
            {"or":[
              {"attribute":{"name":"plan","op":"startsWith","value":"go"}},
              {"attribute":{"name":"plan","op":"in","value":["gold","silver"]}},
              {"attribute":{"name":"age","op":"lte","value":40.5}},
              {"attribute":{"name":"age","op":"in","value":[1,2]}},
              {"attribute":{"name":"vip","op":"ne","value":true}},
              {"attribute":{"name":"birthday","op":"before","value":"2000-01-01"}},
              {"attribute":{"name":"trialEndsAt","op":"olderThan","value":"2w"}},
              {"attribute":{"name":"interests","op":"contains","value":"golf"}},
              {"attribute":{"name":"plan","op":"notExists"}}
            ]}
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var attributes = Assert.IsType<AnyOf>(result.Rule).Rules.Cast<AttributeCondition>().ToList();
        Assert.Equal(new InstantValue(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), attributes[5].Value);
        Assert.Equal(TimeSpan.FromDays(14), Assert.IsType<DurationValue>(attributes[6].Value).Duration.Span);
    }

    [Fact]
    public void A_reference_that_leads_back_to_the_segment_being_saved_is_a_cycle()
    {
        var context = Context with { SegmentId = "a" };

        var result = Parse("""{"and":[{"score":{"op":"gte","value":1}},{"segment":{"id":"c","in":false}}]}""", context);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("definition.and[1].segment.id", problem.Path);
        Assert.Contains("a → c → b → a", problem.Message);
    }

    [Fact]
    public void A_segment_may_not_refer_to_itself_but_may_refer_to_others_without_a_cycle()
    {
        Assert.Equal("definition.segment.id", Assert.Single(Parse("""{"segment":{"id":"b"}}""", Context with { SegmentId = "b" }).Problems).Path);
        Assert.True(Parse("""{"segment":{"id":"c"}}""", Context with { SegmentId = "d" }).IsValid);
    }

    [Fact]
    public void Malformed_json_is_one_problem_at_the_root()
    {
        var result = SegmentRuleParser.Parse("{\"and\":[", Context);

        Assert.Equal("definition", Assert.Single(result.Problems).Path);
    }

    [Theory]
    [InlineData("15m", 15.0 / 1440)]
    [InlineData("12h", 0.5)]
    [InlineData("30d", 30)]
    [InlineData("2w", 14)]
    public void Durations_are_read_in_days(string text, double days)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(days, duration.Span.TotalDays, 6);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("1y")]
    [InlineData("5000d")]
    [InlineData("30D")]
    public void Malformed_durations_are_refused(string text) => Assert.False(Duration.TryParse(text, out _));
}
