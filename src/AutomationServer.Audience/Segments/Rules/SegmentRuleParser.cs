using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AutomationServer.Audience.Segments.Rules;

/// <summary>
/// Reads a rule from JSON and checks it against the attribute schema and the other segments in one pass, reporting
/// every problem with its JSON path rather than stopping at the first.
/// </summary>
public sealed partial class SegmentRuleParser
{
    public const int MaxDepth = 32;
    public const int MaxConditions = 500;
    public const int MaxListValues = 1000;
    public const string DefaultRfmEvent = "order_completed";
    public static readonly Duration DefaultRfmWindow = new(TimeSpan.FromDays(365), "365d");

    private static readonly string[] NodeKinds = ["and", "or", "not", "attribute", "event", "rfm", "segment", "consent", "score", "stage", "tag"];
    private static readonly string[] ConsentStatuses = ["Subscribed", "Unsubscribed", "Pending"];

    private readonly RuleContext _context;
    private readonly List<RuleProblem> _problems = [];
    private readonly List<(string Id, string Path)> _segmentReferences = [];
    private int _conditions;

    private SegmentRuleParser(RuleContext context) => _context = context;

    public static RuleParseResult Parse(JsonNode? definition, RuleContext context, string path = "definition")
    {
        var parser = new SegmentRuleParser(context);
        var rule = parser.Node(definition, path, 0);
        parser.CheckSegmentReferences();
        return new RuleParseResult(parser._problems.Count == 0 ? rule : null, parser._problems);
    }

    /// <summary>Parses JSON text; malformed JSON is one problem at <paramref name="path"/>.</summary>
    public static RuleParseResult Parse(string json, RuleContext context, string path = "definition")
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            return new RuleParseResult(null, [new RuleProblem(path, $"Not valid JSON: {exception.Message}")]);
        }

        return Parse(node, context, path);
    }

    /// <summary>The segment ids a rule refers to, directly.</summary>
    public static IReadOnlyCollection<string> ReferencedSegments(RuleNode rule)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Collect(rule);
        return ids;

        void Collect(RuleNode node)
        {
            switch (node)
            {
                case AllOf all: all.Rules.ToList().ForEach(Collect); break;
                case AnyOf any: any.Rules.ToList().ForEach(Collect); break;
                case Not not: Collect(not.Rule); break;
                case SegmentMembershipCondition segment: ids.Add(segment.SegmentId); break;
            }
        }
    }

    private RuleNode? Node(JsonNode? node, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return Problem(path, $"Rules may nest at most {MaxDepth} levels deep.");
        }

        if (++_conditions > MaxConditions)
        {
            return _conditions == MaxConditions + 1 ? Problem(path, $"A rule may hold at most {MaxConditions} conditions.") : null;
        }

        if (node is not JsonObject obj || obj.Count != 1)
        {
            return Problem(path, $"Expected an object with exactly one of: {string.Join(", ", NodeKinds)}.");
        }

        var (kind, body) = obj.First();
        var at = $"{path}.{kind}";
        return kind switch
        {
            "and" => Group(body, at, depth, rules => new AllOf(rules)),
            "or" => Group(body, at, depth, rules => new AnyOf(rules)),
            "not" => Node(body, at, depth + 1) is { } inner ? new Not(inner) : null,
            "attribute" => Attribute(body, at),
            "event" => Event(body, at),
            "rfm" => Rfm(body, at),
            "segment" => Segment(body, at),
            "consent" => Consent(body, at),
            "score" => Score(body, at),
            "stage" => Stage(body, at),
            "tag" => Tag(body, at),
            _ => Problem(path, $"Unknown condition '{kind}'; expected one of: {string.Join(", ", NodeKinds)}."),
        };
    }

    private RuleNode? Group(JsonNode? body, string path, int depth, Func<IReadOnlyList<RuleNode>, RuleNode> create)
    {
        if (body is not JsonArray items || items.Count == 0)
        {
            return Problem(path, "Expected a non-empty array of conditions.");
        }

        var rules = new List<RuleNode>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Node(items[i], $"{path}[{i}]", depth + 1) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules.Count == items.Count ? create(rules) : null;
    }

    private RuleNode? Attribute(JsonNode? body, string path)
    {
        if (Fields(body, path, ["name", "op", "value"]) is not { } fields)
        {
            return null;
        }

        var name = RequiredString(fields, "name", path);
        var opName = RequiredString(fields, "op", path);
        if (name is null)
        {
            return null;
        }

        if (!_context.AttributeTypes.TryGetValue(name, out var typeName) || !RuleOperators.TryParseAttributeType(typeName, out var type))
        {
            return Problem($"{path}.name", $"Unknown attribute '{name}'. Define it first (attribute names are case-sensitive).");
        }

        if (opName is null || Operator(opName, RuleOperators.ForAttribute(type), $"{path}.op", $"a {typeName} attribute") is not { } op)
        {
            return null;
        }

        var value = AttributeValue(fields["value"], type, op, $"{path}.value", fields.ContainsKey("value"));
        return value is null ? null : new AttributeCondition(name, type, op, value);
    }

    private RuleValue? AttributeValue(JsonNode? node, AttributeType type, RuleOperator op, string path, bool present)
    {
        if (op is RuleOperator.Exists or RuleOperator.NotExists)
        {
            return present ? Problem<RuleValue>(path, $"'{RuleOperators.NameOf(op)}' takes no value.") : RuleValue.None;
        }

        if (!present)
        {
            return Problem<RuleValue>(path, "A value is required.");
        }

        if (op is RuleOperator.WithinLast or RuleOperator.OlderThan)
        {
            return DurationOf(node, path) is { } duration ? new DurationValue(duration) : null;
        }

        return (type, op) switch
        {
            (AttributeType.Number, RuleOperator.In) => NumberList(node, path),
            (AttributeType.Number, _) => NumberOf(node, path) is { } number ? new NumberValue(number) : null,
            (AttributeType.String, RuleOperator.In) => TextList(node, path),
            (AttributeType.String or AttributeType.List, _) => TextOf(node, path) is { } text ? new TextValue(text) : null,
            (AttributeType.Boolean, _) => node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? new BooleanValue(node.GetValue<bool>())
                : Problem<RuleValue>(path, "Expected true or false."),
            (AttributeType.Date, _) => DateOf(node, path, dateOnly: true),
            _ => DateOf(node, path, dateOnly: false),
        };
    }

    private RuleNode? Event(JsonNode? body, string path)
    {
        if (Fields(body, path, ["name", "within", "count", "sum", "lastSeen", "where"]) is not { } fields)
        {
            return null;
        }

        var failed = false;
        var name = RequiredString(fields, "name", path);
        if (name is not null && !EventName().IsMatch(name))
        {
            failed = Fail($"{path}.name", "Event names are 1 to 128 letters, digits, '_', '.', ':' or '-'.");
        }

        Duration? within = null;
        if (fields.ContainsKey("within"))
        {
            within = DurationOf(fields["within"], $"{path}.within");
            failed |= within is null;
        }

        var measures = new[] { "count", "sum", "lastSeen" }.Where(fields.ContainsKey).ToList();
        EventMeasure? measure = new CountMeasure(RuleOperator.Gte, 1);
        if (measures.Count > 1)
        {
            failed = Fail(path, $"Use one of count, sum or lastSeen, not {string.Join(" and ", measures)}.");
        }
        else if (measures.Count == 1)
        {
            var at = $"{path}.{measures[0]}";
            measure = measures[0] switch
            {
                "count" => Measure(fields["count"], at, RuleOperators.Numeric, v => WholeNumber(v, $"{at}.value") is { } n ? new CountMeasure(default, n) : null),
                "sum" => Measure(fields["sum"], at, RuleOperators.Numeric, v => NumberOf(v, $"{at}.value") is { } n ? new SumMeasure(default, n) : null),
                _ => Measure(fields["lastSeen"], at, [RuleOperator.WithinLast, RuleOperator.OlderThan], v => DurationOf(v, $"{at}.value") is { } d ? new LastSeenMeasure(true, d) : null),
            };
            if (measure is LastSeenMeasure && within is not null)
            {
                failed = Fail($"{path}.within", "lastSeen sets its own window; leave out within.");
            }
        }

        var filters = new List<PropertyFilter>();
        if (fields.ContainsKey("where"))
        {
            if (fields["where"] is not JsonArray where)
            {
                failed = Fail($"{path}.where", "Expected an array of property filters.");
            }
            else
            {
                for (var i = 0; i < where.Count; i++)
                {
                    var filter = PropertyFilterOf(where[i], $"{path}.where[{i}]");
                    failed |= filter is null;
                    if (filter is not null)
                    {
                        filters.Add(filter);
                    }
                }
            }
        }

        return failed || name is null || measure is null ? null : new EventCondition(name, within, measure, filters);
    }

    private EventMeasure? Measure(JsonNode? body, string path, IReadOnlyList<RuleOperator> allowed, Func<JsonNode?, EventMeasure?> value)
    {
        if (Fields(body, path, ["op", "value"]) is not { } fields)
        {
            return null;
        }

        var opName = RequiredString(fields, "op", path);
        var op = opName is null ? null : Operator(opName, allowed, $"{path}.op", "this measure");
        var measure = fields.ContainsKey("value") ? value(fields["value"]) : Problem<EventMeasure>($"{path}.value", "A value is required.");
        return (op, measure) switch
        {
            (null, _) or (_, null) => null,
            (_, CountMeasure count) => count with { Operator = op.Value },
            (_, SumMeasure sum) => sum with { Operator = op.Value },
            (_, LastSeenMeasure last) => last with { Recent = op == RuleOperator.WithinLast },
            _ => null,
        };
    }

    private PropertyFilter? PropertyFilterOf(JsonNode? body, string path)
    {
        if (Fields(body, path, ["property", "op", "value"]) is not { } fields)
        {
            return null;
        }

        var property = RequiredString(fields, "property", path);
        if (property is not null && !PropertyPath().IsMatch(property))
        {
            property = null;
            Fail($"{path}.property", "Property paths are names of letters, digits and '_' joined by '.', e.g. \"items.category\".");
        }

        var opName = RequiredString(fields, "op", path);
        var op = opName is null ? null : Operator(opName, RuleOperators.ForProperty, $"{path}.op", "an event property");
        if (op is null)
        {
            return null;
        }

        var at = $"{path}.value";
        var present = fields.ContainsKey("value");
        var node = fields["value"];
        RuleValue? value = op switch
        {
            RuleOperator.Exists or RuleOperator.NotExists => present ? Problem<RuleValue>(at, $"'{opName}' takes no value.") : RuleValue.None,
            _ when !present => Problem<RuleValue>(at, "A value is required."),
            RuleOperator.Gt or RuleOperator.Gte or RuleOperator.Lt or RuleOperator.Lte => NumberOf(node, at) is { } n ? new NumberValue(n) : null,
            RuleOperator.Contains or RuleOperator.StartsWith => TextOf(node, at) is { } t ? new TextValue(t) : null,
            RuleOperator.In => node is JsonArray { Count: > 0 } array && array[0]?.GetValueKind() == JsonValueKind.Number ? NumberList(node, at) : TextList(node, at),
            _ => node?.GetValueKind() switch
            {
                JsonValueKind.String => new TextValue(node.GetValue<string>()),
                JsonValueKind.Number => NumberOf(node, at) is { } n ? new NumberValue(n) : null,
                JsonValueKind.True or JsonValueKind.False => new BooleanValue(node.GetValue<bool>()),
                _ => Problem<RuleValue>(at, "Expected a string, a number or true/false."),
            },
        };
        return property is null || value is null ? null : new PropertyFilter(property.Split('.'), op.Value, value);
    }

    private RuleNode? Rfm(JsonNode? body, string path)
    {
        if (Fields(body, path, ["event", "within", "recency", "frequency", "monetary"]) is not { } fields)
        {
            return null;
        }

        var eventName = fields.ContainsKey("event") ? RequiredString(fields, "event", path) : DefaultRfmEvent;
        var within = fields.ContainsKey("within") ? DurationOf(fields["within"], $"{path}.within") : DefaultRfmWindow;
        if (!fields.ContainsKey("recency") && !fields.ContainsKey("frequency") && !fields.ContainsKey("monetary"))
        {
            return Problem(path, "Give at least one of recency, frequency or monetary.");
        }

        var scores = new[] { "recency", "frequency", "monetary" }
            .Select(key => fields.ContainsKey(key) ? (Present: true, Bound: ScoreBoundOf(fields[key], $"{path}.{key}")) : (Present: false, Bound: null))
            .ToList();
        if (eventName is null || within is null || scores.Any(s => s.Present && s.Bound is null))
        {
            return null;
        }

        return new RfmCondition(eventName, within.Value, scores[0].Bound, scores[1].Bound, scores[2].Bound);
    }

    private ScoreBound? ScoreBoundOf(JsonNode? body, string path)
    {
        if (Fields(body, path, ["op", "value"]) is not { } fields)
        {
            return null;
        }

        var opName = RequiredString(fields, "op", path);
        var op = opName is null ? null : Operator(opName, RuleOperators.Numeric, $"{path}.op", "an RFM score");
        long? value = fields.ContainsKey("value") ? WholeNumber(fields["value"], $"{path}.value") : Problem<long?>($"{path}.value", "A value is required.");
        if (value is < 1 or > 5)
        {
            return Problem<ScoreBound>($"{path}.value", "RFM scores run from 1 to 5.");
        }

        return op is null || value is null ? null : new ScoreBound(op.Value, (int)value.Value);
    }

    private RuleNode? Segment(JsonNode? body, string path)
    {
        if (Fields(body, path, ["id", "in"]) is not { } fields)
        {
            return null;
        }

        var id = RequiredString(fields, "id", path);
        var isIn = true;
        if (fields.ContainsKey("in"))
        {
            if (fields["in"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Problem($"{path}.in", "Expected true or false.");
            }

            isIn = fields["in"]!.GetValue<bool>();
        }

        if (id is null)
        {
            return null;
        }

        if (id == _context.SegmentId)
        {
            return Problem($"{path}.id", "A segment cannot refer to itself.");
        }

        if (!_context.SegmentReferences.ContainsKey(id))
        {
            return Problem($"{path}.id", $"Unknown segment '{id}'.");
        }

        _segmentReferences.Add((id, $"{path}.id"));
        return new SegmentMembershipCondition(id, isIn);
    }

    private RuleNode? Consent(JsonNode? body, string path)
    {
        if (Fields(body, path, ["channel", "topic", "status"]) is not { } fields)
        {
            return null;
        }

        var channel = RequiredString(fields, "channel", path);
        var topic = fields.ContainsKey("topic") ? TextOf(fields["topic"], $"{path}.topic") : "";
        var status = fields.ContainsKey("status") ? TextOf(fields["status"], $"{path}.status") : "Subscribed";
        if (status is not null && !ConsentStatuses.Contains(status, StringComparer.Ordinal))
        {
            return Problem($"{path}.status", $"Unknown status '{status}'; expected one of: {string.Join(", ", ConsentStatuses)}.");
        }

        return channel is null || topic is null || status is null ? null : new ConsentCondition(channel, topic, status);
    }

    private RuleNode? Score(JsonNode? body, string path)
    {
        if (Fields(body, path, ["op", "value"]) is not { } fields)
        {
            return null;
        }

        var opName = RequiredString(fields, "op", path);
        var op = opName is null ? null : Operator(opName, RuleOperators.Numeric, $"{path}.op", "the score");
        var value = fields.ContainsKey("value") ? WholeNumber(fields["value"], $"{path}.value") : Problem<long?>($"{path}.value", "A value is required.");
        return op is null || value is null ? null : new ScoreCondition(op.Value, value.Value);
    }

    private RuleNode? Stage(JsonNode? body, string path)
    {
        if (Fields(body, path, ["op", "value"]) is not { } fields)
        {
            return null;
        }

        var opName = RequiredString(fields, "op", path);
        var op = opName is null ? null : Operator(opName, [RuleOperator.Eq, RuleOperator.Ne, RuleOperator.In], $"{path}.op", "the lifecycle stage");
        if (op is null)
        {
            return null;
        }

        if (!fields.ContainsKey("value"))
        {
            return Problem($"{path}.value", "A value is required.");
        }

        var value = op == RuleOperator.In ? TextList(fields["value"], $"{path}.value") : TextOf(fields["value"], $"{path}.value") is { } text ? new TextListValue([text]) : null;
        return value is TextListValue list ? new StageCondition(list.Values, op == RuleOperator.Ne) : null;
    }

    private RuleNode? Tag(JsonNode? body, string path)
    {
        if (Fields(body, path, ["op", "value"]) is not { } fields)
        {
            return null;
        }

        var op = RequiredString(fields, "op", path);
        var tag = RequiredString(fields, "value", path);
        if (op is not null and not ("has" or "hasNot"))
        {
            return Problem($"{path}.op", $"Unknown operator '{op}' for a tag; expected has or hasNot.");
        }

        return op is null || tag is null ? null : new TagCondition(tag, op == "has");
    }

    private void CheckSegmentReferences()
    {
        if (_context.SegmentId is not { } self)
        {
            return;
        }

        foreach (var (id, path) in _segmentReferences)
        {
            if (PathBackTo(id, self, []) is { } cycle)
            {
                Fail(path, $"Segment '{id}' leads back to '{self}': {self} → {string.Join(" → ", cycle)}.");
            }
        }
    }

    private List<string>? PathBackTo(string from, string target, HashSet<string> seen)
    {
        if (from == target)
        {
            return [from];
        }

        if (!seen.Add(from) || !_context.SegmentReferences.TryGetValue(from, out var next))
        {
            return null;
        }

        foreach (var id in next)
        {
            if (PathBackTo(id, target, seen) is { } rest)
            {
                return [from, .. rest];
            }
        }

        return null;
    }

    private JsonObject? Fields(JsonNode? body, string path, string[] allowed)
    {
        if (body is not JsonObject fields)
        {
            return Problem<JsonObject>(path, $"Expected an object with: {string.Join(", ", allowed)}.");
        }

        var ok = true;
        foreach (var (key, _) in fields)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                ok = Fail($"{path}.{key}", $"Unknown field; expected: {string.Join(", ", allowed)}.") && false;
            }
        }

        return ok ? fields : null;
    }

    private string? RequiredString(JsonObject fields, string key, string path) =>
        fields.ContainsKey(key) ? TextOf(fields[key], $"{path}.{key}") : Problem<string>($"{path}.{key}", "Required.");

    private RuleOperator? Operator(string name, IReadOnlyList<RuleOperator> allowed, string path, string what)
    {
        if (RuleOperators.ByName.TryGetValue(name, out var op) && allowed.Contains(op))
        {
            return op;
        }

        Fail(path, $"Operator '{name}' cannot be used with {what}; use one of: {RuleOperators.List(allowed)}.");
        return null;
    }

    private string? TextOf(JsonNode? node, string path)
    {
        if (node?.GetValueKind() != JsonValueKind.String)
        {
            return Problem<string>(path, "Expected a string.");
        }

        var text = node.GetValue<string>();
        return text.Length > 512 ? Problem<string>(path, "At most 512 characters.") : text;
    }

    private decimal? NumberOf(JsonNode? node, string path) =>
        node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<decimal>(out var number)
            ? number
            : Problem<decimal?>(path, "Expected a number.");

    private long? WholeNumber(JsonNode? node, string path) =>
        node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var number) && number >= 0
            ? number
            : Problem<long?>(path, "Expected a whole number, 0 or more.");

    private Duration? DurationOf(JsonNode? node, string path) =>
        node?.GetValueKind() == JsonValueKind.String && Duration.TryParse(node.GetValue<string>(), out var duration)
            ? duration
            : Problem<Duration?>(path, $"Expected a duration: {Duration.FormatHelp}, at most 3660 days.");

    private RuleValue? DateOf(JsonNode? node, string path, bool dateOnly)
    {
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (dateOnly)
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                ? new InstantValue(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
                : Problem<RuleValue>(path, "Expected a date as \"yyyy-MM-dd\".");
        }

        return text is not null && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant) && text.Contains('T', StringComparison.Ordinal)
            ? new InstantValue(instant.UtcDateTime)
            : Problem<RuleValue>(path, "Expected an ISO 8601 date and time with an offset, e.g. \"2026-01-31T09:00:00Z\".");
    }

    private RuleValue? TextList(JsonNode? node, string path)
    {
        if (node is not JsonArray { Count: > 0 and <= MaxListValues } array)
        {
            return Problem<RuleValue>(path, $"Expected an array of 1 to {MaxListValues} strings.");
        }

        var values = array.Select((item, i) => TextOf(item, $"{path}[{i}]")).ToList();
        return values.Any(v => v is null) ? null : new TextListValue(values!);
    }

    private RuleValue? NumberList(JsonNode? node, string path)
    {
        if (node is not JsonArray { Count: > 0 and <= MaxListValues } array)
        {
            return Problem<RuleValue>(path, $"Expected an array of 1 to {MaxListValues} numbers.");
        }

        var values = array.Select((item, i) => NumberOf(item, $"{path}[{i}]")).ToList();
        return values.Any(v => v is null) ? null : new NumberListValue(values.Select(v => v!.Value).ToList());
    }

    private bool Fail(string path, string message)
    {
        _problems.Add(new RuleProblem(path, message));
        return true;
    }

    private RuleNode? Problem(string path, string message) => Problem<RuleNode>(path, message);

    private T? Problem<T>(string path, string message)
    {
        Fail(path, message);
        return default;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyPath();
}
