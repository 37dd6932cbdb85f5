namespace AutomationServer.Audience.Segments.Rules;

/// <summary>Operator names as written in rules, and which ones each kind of comparison allows.</summary>
public static class RuleOperators
{
    public static readonly IReadOnlyDictionary<string, RuleOperator> ByName = new Dictionary<string, RuleOperator>(StringComparer.Ordinal)
    {
        ["eq"] = RuleOperator.Eq,
        ["ne"] = RuleOperator.Ne,
        ["gt"] = RuleOperator.Gt,
        ["gte"] = RuleOperator.Gte,
        ["lt"] = RuleOperator.Lt,
        ["lte"] = RuleOperator.Lte,
        ["contains"] = RuleOperator.Contains,
        ["startsWith"] = RuleOperator.StartsWith,
        ["in"] = RuleOperator.In,
        ["exists"] = RuleOperator.Exists,
        ["notExists"] = RuleOperator.NotExists,
        ["before"] = RuleOperator.Before,
        ["after"] = RuleOperator.After,
        ["withinLast"] = RuleOperator.WithinLast,
        ["olderThan"] = RuleOperator.OlderThan,
    };

    public static readonly IReadOnlyList<RuleOperator> Numeric =
        [RuleOperator.Eq, RuleOperator.Ne, RuleOperator.Gt, RuleOperator.Gte, RuleOperator.Lt, RuleOperator.Lte];

    public static IReadOnlyList<RuleOperator> ForAttribute(AttributeType type) => type switch
    {
        AttributeType.String => [RuleOperator.Eq, RuleOperator.Ne, RuleOperator.Contains, RuleOperator.StartsWith, RuleOperator.In, RuleOperator.Exists, RuleOperator.NotExists],
        AttributeType.Number => [.. Numeric, RuleOperator.In, RuleOperator.Exists, RuleOperator.NotExists],
        AttributeType.Boolean => [RuleOperator.Eq, RuleOperator.Ne, RuleOperator.Exists, RuleOperator.NotExists],
        AttributeType.Date or AttributeType.DateTime =>
            [RuleOperator.Eq, RuleOperator.Ne, RuleOperator.Before, RuleOperator.After, RuleOperator.WithinLast, RuleOperator.OlderThan, RuleOperator.Exists, RuleOperator.NotExists],
        _ => [RuleOperator.Contains, RuleOperator.Exists, RuleOperator.NotExists],
    };

    public static readonly IReadOnlyList<RuleOperator> ForProperty =
        [.. Numeric, RuleOperator.Contains, RuleOperator.StartsWith, RuleOperator.In, RuleOperator.Exists, RuleOperator.NotExists];

    public static string NameOf(RuleOperator op) => ByName.First(pair => pair.Value == op).Key;

    public static string List(IEnumerable<RuleOperator> operators) => string.Join(", ", operators.Select(NameOf));

    public static bool TryParseAttributeType(string? text, out AttributeType type)
    {
        (var known, type) = text switch
        {
            "string" => (true, AttributeType.String),
            "number" => (true, AttributeType.Number),
            "boolean" => (true, AttributeType.Boolean),
            "date" => (true, AttributeType.Date),
            "datetime" => (true, AttributeType.DateTime),
            "list" => (true, AttributeType.List),
            _ => (false, AttributeType.String),
        };
        return known;
    }
}
