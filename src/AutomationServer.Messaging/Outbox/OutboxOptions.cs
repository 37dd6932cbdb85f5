namespace AutomationServer.Messaging.Outbox;

/// <summary>The <c>Messaging:Dispatch</c> section: how the outbox dispatcher claims and sends.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Messaging:Dispatch";

    /// <summary>Messages claimed per round (one claim, one recipient load, one policy call, one outcome write).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Sends of one batch handed to channels at the same time.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How often an idle dispatcher looks for due messages (deferred ones come due without a signal).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim holds its messages. No send starts later than <c>LeaseDuration - SendTimeout</c> into the lease, so
    /// none is still in flight when the lease runs out and another node may claim the message. After a crash, the
    /// crashed node's messages wait at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Off: nothing is dispatched on this node (another node sends, or a test drives the dispatcher by hand).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>The <c>Messaging:Retry</c> section: back-off of transient channel failures.</summary>
public sealed class RetryOptions
{
    public const string SectionName = "Messaging:Retry";

    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
    ];

    /// <summary>Wait after the 1st, 2nd... transient failure; the last one repeats. Empty means <see cref="DefaultDelays"/>.</summary>
    public TimeSpan[]? Delays { get; set; }

    /// <summary>Channel attempts before a message that keeps failing transiently becomes Failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    public IReadOnlyList<TimeSpan> EffectiveDelays => Delays is { Length: > 0 } delays ? delays : DefaultDelays;

    /// <summary>The wait after <paramref name="attempts"/> attempts (1 after the first failure).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var delays = EffectiveDelays;
        return delays[Math.Clamp(attempts - 1, 0, delays.Count - 1)];
    }
}
