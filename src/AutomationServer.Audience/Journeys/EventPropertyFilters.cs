using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Journeys;

/// <summary>
/// The segment rule language's event <c>where</c> filters (docs/segments.md), read on their own and evaluated in memory
/// against one event's properties with the same meaning the SQL translation gives them: a value's JSON type decides
/// the comparison (strings with strings, numbers with numbers, true/false with booleans), contains / startsWith ignore
/// case, and every filter must hold.
/// </summary>
public static class EventPropertyFilters
{
    private static readonly RuleContext NoSchema = new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyCollection<string>>(), null);

    /// <summary>Parses a <c>where</c> array; problems are keyed <c>{path}[i].op</c> and so on.</summary>
    public static (IReadOnlyList<PropertyFilter>? Filters, IReadOnlyList<RuleProblem> Problems) Parse(JsonNode? where, string path)
    {
        if (where is null)
        {
            return ([], []);
        }

        if (where is not JsonArray)
        {
            return (null, [new RuleProblem(path, "Expected an array of property filters such as [{\"property\": \"total\", \"op\": \"gt\", \"value\": 100}].")]);
        }

        // Parsed as the where of an event rule, which needs no attribute schema; paths are mapped back to the caller's.
        const string Inner = "$.event.where";
        var wrapped = new JsonObject { ["event"] = new JsonObject { ["name"] = "any", ["where"] = where.DeepClone() } };
        var result = SegmentRuleParser.Parse(wrapped, NoSchema, "$");
        var problems = result.Problems.Select(p => p with { Path = p.Path.StartsWith(Inner, StringComparison.Ordinal) ? path + p.Path[Inner.Length..] : path }).ToList();
        return result.Rule is EventCondition condition && problems.Count == 0 ? (condition.Where, problems) : (null, problems);
    }

    /// <summary>A literal input value (a JSON array read into lists and dictionaries, or JSON text) as JSON.</summary>
    public static JsonNode? FromLiteral(object? literal) => literal switch
    {
        null => null,
        string text when string.IsNullOrWhiteSpace(text) => null,
        string text => ParseText(text),
        JsonNode node => node,
        _ => JsonSerializer.SerializeToNode(literal),
    };

    /// <summary>The <c>properties</c> of an <c>Audience.Event</c> stimulus payload.</summary>
    public static JsonNode? PropertiesOf(object? payload) => payload switch
    {
        IReadOnlyDictionary<string, object?> dictionary => dictionary.TryGetValue("properties", out var properties) ? JsonSerializer.SerializeToNode(properties) : null,
        IDictionary<string, object?> dictionary => dictionary.TryGetValue("properties", out var properties) ? JsonSerializer.SerializeToNode(properties) : null,
        JsonObject json => json["properties"],
        _ => null,
    };

    public static bool Matches(IReadOnlyList<PropertyFilter> filters, JsonNode? properties) => filters.All(f => Matches(f, properties));

    private static bool Matches(PropertyFilter filter, JsonNode? properties)
    {
        var value = properties;
        foreach (var key in filter.Path)
        {
            value = value is JsonObject obj ? obj[key] : null;
        }

        var kind = value?.GetValueKind();
        if (filter.Operator == RuleOperator.Exists || filter.Operator == RuleOperator.NotExists)
        {
            return (value is not null && kind != JsonValueKind.Null) == (filter.Operator == RuleOperator.Exists);
        }

        return (filter.Operator, filter.Value, kind) switch
        {
            (RuleOperator.Contains, TextValue text, JsonValueKind.String) => value!.GetValue<string>().Contains(text.Value, StringComparison.OrdinalIgnoreCase),
            (RuleOperator.StartsWith, TextValue text, JsonValueKind.String) => value!.GetValue<string>().StartsWith(text.Value, StringComparison.OrdinalIgnoreCase),
            (RuleOperator.In, TextListValue list, JsonValueKind.String) => list.Values.Contains(value!.GetValue<string>(), StringComparer.Ordinal),
            (RuleOperator.In, NumberListValue list, JsonValueKind.Number) => Number(value!) is { } n && list.Values.Contains(n),
            (_, TextValue text, JsonValueKind.String) => Compare(string.CompareOrdinal(value!.GetValue<string>(), text.Value), filter.Operator),
            (_, NumberValue number, JsonValueKind.Number) => Number(value!) is { } n && Compare(n.CompareTo(number.Value), filter.Operator),
            (_, BooleanValue flag, JsonValueKind.True or JsonValueKind.False) => Compare(value!.GetValue<bool>().CompareTo(flag.Value), filter.Operator),
            _ => false,
        };
    }

    private static decimal? Number(JsonNode node)
    {
        if (node is JsonValue value && value.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        // Values too large for decimal still compare sensibly as doubles.
        return node is JsonValue v && v.TryGetValue<double>(out var x) && Math.Abs(x) < (double)decimal.MaxValue ? (decimal)x : null;
    }

    private static bool Compare(int order, RuleOperator op) => op switch
    {
        RuleOperator.Eq => order == 0,
        RuleOperator.Ne => order != 0,
        RuleOperator.Gt => order > 0,
        RuleOperator.Gte => order >= 0,
        RuleOperator.Lt => order < 0,
        RuleOperator.Lte => order <= 0,
        _ => false,
    };

    private static JsonNode? ParseText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
