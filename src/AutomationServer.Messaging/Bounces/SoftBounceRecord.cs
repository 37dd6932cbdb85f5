namespace AutomationServer.Messaging.Bounces;

/// <summary>
/// Soft bounces of one address on one channel (table <c>SoftBounces</c>). The address is kept only as its hash
/// (<c>SuppressedAddress.Hashed</c>): the count must not hold personal data an erasure would have to find.
/// </summary>
public sealed class SoftBounceRecord
{
    public string Channel { get; set; } = "";

    public string AddressHash { get; set; } = "";

    /// <summary>Soft bounces since <see cref="FirstAt"/>.</summary>
    public int Count { get; set; }

    public DateTime FirstAt { get; set; }

    public DateTime LastAt { get; set; }

    /// <summary>The message of the last counted bounce, so a repeated report of it is not counted again.</summary>
    public Guid LastMessageId { get; set; }
}
