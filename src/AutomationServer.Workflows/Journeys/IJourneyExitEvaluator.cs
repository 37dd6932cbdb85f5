using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Journeys;

/// <summary>
/// Decides whether an instance's exit or goal conditions hold for its contact. The engine knows no contacts, so the
/// audience implements this; without an implementation the validator refuses definitions that declare conditions
/// (they could never be checked). The runtime asks before every resumption of an instance that has a correlation id.
/// </summary>
public interface IJourneyExitEvaluator
{
    /// <summary>Problems with a condition's content (event property filters, rules), keyed by JSON path.</summary>
    IEnumerable<ValidationProblem> Validate(JourneyExitCondition condition);

    /// <summary>The first condition (in definition order) that holds now, or null.</summary>
    ValueTask<JourneyExitHit?> CheckAsync(JourneyExitCheck check, CancellationToken cancellationToken);
}

/// <param name="EnteredAtUtc">When the instance started: an event condition counts events from then on.</param>
public sealed record JourneyExitCheck(
    string DefinitionId,
    Guid InstanceId,
    string CorrelationId,
    IReadOnlyList<JourneyExitCondition> Conditions,
    DateTime EnteredAtUtc,
    DateTime NowUtc);

public sealed record JourneyExitHit(JourneyExitCondition Condition);
