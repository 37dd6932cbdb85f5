namespace AutomationServer.Scheduling.Configuration;

/// <summary>The <c>Scheduling</c> configuration section.</summary>
public sealed class AutomationSchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>Quartz's scheduler name. Every node of a cluster must use the same one: it keys the rows in the job store.</summary>
    public string SchedulerName { get; set; } = "AutomationServer";

    /// <summary>How often the due-bookmark scan looks for timers that have come due.</summary>
    public TimeSpan DueBookmarkScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one scan may keep draining a backlog before it hands the thread back.</summary>
    public TimeSpan DueBookmarkScanBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often scheduled triggers are re-read as a safety net beside the change notifications.</summary>
    public TimeSpan TriggerResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many Quartz jobs may run at once on this node.</summary>
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>Create Quartz's tables at startup when they are missing. Needs DDL permission on the database.</summary>
    public bool ProvisionSchema { get; set; } = true;

    /// <summary>Prefix of Quartz's table names.</summary>
    public string TablePrefix { get; set; } = "QRTZ_";
}
