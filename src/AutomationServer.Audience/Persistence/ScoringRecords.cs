namespace AutomationServer.Audience.Persistence;

/// <summary>Table names of scoring and lifecycle, shared by the model and the scoring SQL.</summary>
public static class ScoringTables
{
    public const string ScoringRules = "ScoringRules";
    public const string ScoreAwards = "ScoreAwards";
    public const string ScoreRuleMatches = "ScoreRuleMatches";
    public const string ScoringSettings = "ScoringSettings";

    /// <summary>"event" or "attribute".</summary>
    public const int KindLength = 16;

    /// <summary>Setting keys: <c>decay</c>, <c>lifecycle-stages</c>.</summary>
    public const int SettingKeyLength = 64;
}

/// <summary>A points rule: an event of a name (with property filters) or a condition on the contact gives <see cref="Points"/>.</summary>
public sealed class ScoringRuleRecord
{
    /// <summary>A slug, e.g. <c>pricing-page-visit</c>.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><c>event</c> or <c>attribute</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>JSON text of the rule's body: <c>{"event": …}</c> or <c>{"condition": …}</c>, and <c>limit</c> when given.</summary>
    public string Definition { get; set; } = "";

    /// <summary>May be negative.</summary>
    public int Points { get; set; }

    public bool Enabled { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One award of points (the ledger). <see cref="EventId"/> is unique per rule, so a stored event gives a rule's points
/// once; limits ("at most once a day") count these rows.
/// </summary>
public sealed class ScoreAwardRecord
{
    public Guid Id { get; set; }

    public Guid ContactId { get; set; }

    public string RuleId { get; set; } = "";

    /// <summary>The event that earned the points; null for attribute rules.</summary>
    public Guid? EventId { get; set; }

    public int Points { get; set; }

    public DateTime AwardedAt { get; set; }
}

/// <summary>An attribute rule whose condition holds for the contact now; it awards again only after this row went away.</summary>
public sealed class ScoreRuleMatchRecord
{
    public string RuleId { get; set; } = "";

    public Guid ContactId { get; set; }

    public DateTime MatchedAt { get; set; }
}

/// <summary>A scoring setting (decay, lifecycle stages) as JSON, with the time a scheduled pass last applied it.</summary>
public sealed class ScoringSettingRecord
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    /// <summary>Set by the pass that claimed the period; another node sees it and skips that period.</summary>
    public DateTime? LastAppliedAt { get; set; }
}
