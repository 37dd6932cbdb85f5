namespace AutomationServer.Audience.Persistence;

public sealed class SegmentRecord
{
    /// <summary>A slug, e.g. <c>engaged-not-buying</c>.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>JSON text of the rule.</summary>
    public string Definition { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastReconciledAt { get; set; }

    public int MemberCount { get; set; }
}

public sealed class SegmentMembershipRecord
{
    public string SegmentId { get; set; } = "";

    public Guid ContactId { get; set; }

    public DateTime EnteredAt { get; set; }
}
