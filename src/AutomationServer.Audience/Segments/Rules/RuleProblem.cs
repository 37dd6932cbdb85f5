namespace AutomationServer.Audience.Segments.Rules;

/// <summary>One thing wrong with a rule, at a JSON path such as <c>definition.and[1].event.within</c>.</summary>
public sealed record RuleProblem(string Path, string Message);

/// <summary>What the parser needs to know about the rest of the audience schema.</summary>
/// <param name="AttributeTypes">Attribute definitions by (case-sensitive) name: <c>string</c>, <c>number</c>, ...</param>
/// <param name="SegmentReferences">Stored segments by id, each with the segment ids its rule refers to.</param>
/// <param name="SegmentId">The segment whose rule this is, null for a preview; a rule may not lead back to it.</param>
public sealed record RuleContext(
    IReadOnlyDictionary<string, string> AttributeTypes,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> SegmentReferences,
    string? SegmentId);

public sealed record RuleParseResult(RuleNode? Rule, IReadOnlyList<RuleProblem> Problems)
{
    public bool IsValid => Rule is not null && Problems.Count == 0;
}

/// <summary>Thrown when a stored rule no longer parses (an attribute was deleted or retyped since it was saved).</summary>
public sealed class InvalidSegmentRuleException(string segmentId, IReadOnlyList<RuleProblem> problems)
    : Exception($"The rule of segment '{segmentId}' is no longer valid: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")))
{
    public string SegmentId { get; } = segmentId;

    public IReadOnlyList<RuleProblem> Problems { get; } = problems;
}
