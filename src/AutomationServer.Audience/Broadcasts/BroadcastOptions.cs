namespace AutomationServer.Audience.Broadcasts;

/// <summary>Settings of broadcast runs, section <c>Audience:Broadcasts</c>.</summary>
public sealed class BroadcastOptions
{
    public const string SectionName = "Audience:Broadcasts";

    /// <summary>Contacts handed to the engine in one dispatch (one commit).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long a worker holds a run between pages; a run whose worker died is resumed once this ran out.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often running runs nobody holds are looked for (runs started on this node are picked up at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
