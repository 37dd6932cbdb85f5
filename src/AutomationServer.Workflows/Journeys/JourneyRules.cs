using System.Text.Json.Nodes;

namespace AutomationServer.Workflows.Journeys;

/// <summary>Who may enter a journey again, per definition and correlation id (the contact).</summary>
public enum JourneyEntryMode
{
    /// <summary>Every matching trigger starts an instance.</summary>
    Always,

    /// <summary>Once ever per correlation id.</summary>
    Once,

    /// <summary>Not again within <see cref="JourneyEntryRule.Period"/> of the last start.</summary>
    OncePer,

    /// <summary>Not while an instance for the correlation id is running, waiting or faulted.</summary>
    NotWhileActive,
}

public sealed record JourneyEntryRule(JourneyEntryMode Mode, TimeSpan? Period = null)
{
    public static readonly JourneyEntryRule Always = new(JourneyEntryMode.Always);
}

public enum JourneyExitOutcome
{
    /// <summary>The contact left the journey (unsubscribed, no longer qualifies...).</summary>
    Exit,

    /// <summary>The contact did what the journey aimed at (bought, signed up...).</summary>
    Goal,
}

/// <summary>
/// One exit or goal condition: either an event (<see cref="Event"/>: <c>{"name", "where"?}</c>) since the instance
/// started, or a rule over the contact (<see cref="Rule"/>, in the segment rule language). The engine only carries
/// the JSON; an <see cref="IJourneyExitEvaluator"/> gives it meaning.
/// </summary>
/// <param name="Path">Where it sits in the definition, e.g. <c>customProperties.journey.exit[0]</c>.</param>
public sealed record JourneyExitCondition(string Name, JourneyExitOutcome Outcome, string Path, JsonObject? Event, JsonNode? Rule);

/// <summary>The entry rule and exit conditions of one definition version.</summary>
public sealed record JourneyRules(JourneyEntryRule Entry, IReadOnlyList<JourneyExitCondition> Exits)
{
    public static readonly JourneyRules None = new(JourneyEntryRule.Always, []);

    public bool LimitsEntry => Entry.Mode != JourneyEntryMode.Always;
}
