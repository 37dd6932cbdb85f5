namespace AutomationServer.Workflows;

/// <summary>Engine settings, bound from the <c>Workflows</c> section of appsettings.json.</summary>
public sealed class WorkflowEngineOptions
{
    public const string SectionName = "Workflows";

    public RetryOptions Retry { get; set; } = new();

    /// <summary>How many due bookmarks one scan claims and resumes in one transaction.</summary>
    public int DueBatchSize { get; set; } = 500;

    /// <summary>How long a claimed due bookmark is reserved for the node that claimed it. A batch takes well under a
    /// second; after a crash its claims expire after this long and another scan resumes them.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run that executes this many activities without waiting is stopped as a runaway loop.</summary>
    public int MaxStepsPerRun { get; set; } = 10_000;

    /// <summary>Journal entries kept per instance; older ones are dropped (and counted).</summary>
    public int JournalCapacity { get; set; } = 500;

    /// <summary>How long a node trusts its cached trigger index before reloading it (other nodes may publish).</summary>
    public TimeSpan TriggerCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Back-off for faulted activities: attempt n waits InitialDelay × Multiplier^(n-1), at most MaxDelay.</summary>
public sealed class RetryOptions
{
    /// <summary>Automatic retries after the first failure; then the instance is Faulted until retried through the API.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    public double Multiplier { get; set; } = 2;

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan DelayFor(int attempt)
    {
        var seconds = InitialDelay.TotalSeconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }
}
