namespace AutomationServer.Audience.Persistence;

/// <summary>
/// The audit record an erasure leaves behind: who erased which contact id when, and how many rows of each kind went.
/// Nothing in it says who the person was; the contact id is a random number nothing else refers to any more.
/// </summary>
public sealed class ContactErasureRecord
{
    public Guid Id { get; set; }

    public Guid ContactId { get; set; }

    public DateTime ErasedAt { get; set; }

    /// <summary>The id of the API key that asked for the erasure (never the key itself).</summary>
    public string? ErasedBy { get; set; }

    public bool SuppressionsKept { get; set; }

    /// <summary>JSON of <see cref="ErasureCounts"/>.</summary>
    public string Counts { get; set; } = "{}";
}
