namespace AutomationServer.Audience.Segments.Rules;

// The parsed rule tree. Every node is a predicate on one contact; the SQL translator turns each into a
// two-valued SQL condition (never NULL), so NOT always means "everyone else".

public abstract record RuleNode;

public sealed record AllOf(IReadOnlyList<RuleNode> Rules) : RuleNode;

public sealed record AnyOf(IReadOnlyList<RuleNode> Rules) : RuleNode;

public sealed record Not(RuleNode Rule) : RuleNode;

/// <summary>A custom attribute compared in the typed column of its definition's type.</summary>
public sealed record AttributeCondition(string Name, AttributeType Type, RuleOperator Operator, RuleValue Value) : RuleNode;

/// <summary>Events of one name within a window, filtered by properties, then measured by count, sum of Amount or last occurrence.</summary>
public sealed record EventCondition(string Name, Duration? Within, EventMeasure Measure, IReadOnlyList<PropertyFilter> Where) : RuleNode;

public sealed record RfmCondition(string EventName, Duration Within, ScoreBound? Recency, ScoreBound? Frequency, ScoreBound? Monetary) : RuleNode;

public sealed record SegmentMembershipCondition(string SegmentId, bool In) : RuleNode;

/// <summary>The stored consent row of exactly this channel and topic (<c>""</c> = the channel as a whole).</summary>
public sealed record ConsentCondition(string Channel, string Topic, string Status) : RuleNode;

public sealed record ScoreCondition(RuleOperator Operator, decimal Value) : RuleNode;

public sealed record StageCondition(IReadOnlyList<string> Stages, bool Negated) : RuleNode;

public sealed record TagCondition(string Tag, bool Has) : RuleNode;

public abstract record EventMeasure;

public sealed record CountMeasure(RuleOperator Operator, long Value) : EventMeasure;

public sealed record SumMeasure(RuleOperator Operator, decimal Value) : EventMeasure;

/// <summary>The last event of the name happened within <see cref="Age"/> (<see cref="Recent"/>) or before it (and at least once).</summary>
public sealed record LastSeenMeasure(bool Recent, Duration Age) : EventMeasure;

/// <summary>A filter on one property of the event's JSON, <c>a.b</c> for nested objects.</summary>
public sealed record PropertyFilter(IReadOnlyList<string> Path, RuleOperator Operator, RuleValue Value);

/// <summary>An RFM score bound: <c>{"op":"gte","value":4}</c> with scores 1 to 5.</summary>
public sealed record ScoreBound(RuleOperator Operator, int Value);

public enum AttributeType
{
    String,
    Number,
    Boolean,
    Date,
    DateTime,
    List,
}

public enum RuleOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    StartsWith,
    In,
    Exists,
    NotExists,
    Before,
    After,
    WithinLast,
    OlderThan,
}

/// <summary>A comparison's right-hand side, already converted to the type it is compared as.</summary>
public abstract record RuleValue
{
    public static readonly RuleValue None = new NoValue();
}

public sealed record NoValue : RuleValue;

public sealed record TextValue(string Value) : RuleValue;

public sealed record NumberValue(decimal Value) : RuleValue;

public sealed record BooleanValue(bool Value) : RuleValue;

public sealed record InstantValue(DateTime Utc) : RuleValue;

public sealed record DurationValue(Duration Duration) : RuleValue;

public sealed record TextListValue(IReadOnlyList<string> Values) : RuleValue;

public sealed record NumberListValue(IReadOnlyList<decimal> Values) : RuleValue;
