namespace AutomationServer.Audience.Scoring;

/// <summary>The <c>Audience:Scoring</c> configuration section.</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Audience:Scoring";

    /// <summary>
    /// How often the scheduled pass runs: decay when its period is due, then attribute and stage rules over all contacts
    /// (conditions that become true with time alone). Zero turns the pass off.
    /// </summary>
    public TimeSpan PassInterval { get; set; } = TimeSpan.FromMinutes(5);
}
