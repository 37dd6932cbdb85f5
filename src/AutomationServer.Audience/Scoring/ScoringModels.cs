using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Scoring;

public enum PointsRuleKind
{
    /// <summary>Each stored event of the name (matching the property filters) gives the points.</summary>
    Event,

    /// <summary>The contact gives the points when the condition starts to hold for them.</summary>
    Attribute,
}

/// <summary>At most <see cref="Max"/> awards of one rule per contact within <see cref="Per"/> (or ever, when null).</summary>
public sealed record PointsLimit(int Max, Duration? Per);

/// <summary>A parsed points rule, ready to evaluate.</summary>
public sealed record PointsRule(
    string Id,
    string Name,
    PointsRuleKind Kind,
    string? EventName,
    IReadOnlyList<PropertyFilter> Where,
    RuleNode? Condition,
    int Points,
    bool Enabled,
    PointsLimit? Limit);

/// <summary>One lifecycle stage and the condition that puts a contact in it (none: only set by hand).</summary>
public sealed record StageRule(string Stage, RuleNode? Condition);

/// <summary>Every <see cref="Every"/> each score loses <see cref="Percent"/> percent, rounded toward zero.</summary>
public sealed record DecaySetting(bool Enabled, int Percent, Duration Every)
{
    public static readonly DecaySetting Off = new(false, 0, new Duration(TimeSpan.FromDays(7), "7d"));
}

public static class LifecycleStages
{
    public const string Lead = "lead";
    public const string Mql = "mql";
    public const string Sql = "sql";
    public const string Customer = "customer";
    public const string ChurnRisk = "churn_risk";

    /// <summary>The stages a new installation lists, lowest first, none with a condition: nothing moves until conditions are set.</summary>
    public static readonly IReadOnlyList<StageRule> Defaults =
        [new(Lead, null), new(Mql, null), new(Sql, null), new(Customer, null), new(ChurnRisk, null)];
}
