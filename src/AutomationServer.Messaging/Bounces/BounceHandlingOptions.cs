namespace AutomationServer.Messaging.Bounces;

/// <summary>The <c>Messaging:Bounces</c> configuration section.</summary>
public sealed class BounceHandlingOptions
{
    public const string SectionName = "Messaging:Bounces";

    /// <summary>This many soft bounces of one address within <see cref="SoftBounceWindow"/> suppress it.</summary>
    public int SoftBounceThreshold { get; set; } = 3;

    /// <summary>How far apart the soft bounces that reach the threshold may be; counting starts again after it.</summary>
    public TimeSpan SoftBounceWindow { get; set; } = TimeSpan.FromDays(30);
}
