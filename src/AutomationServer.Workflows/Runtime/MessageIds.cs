using System.Security.Cryptography;
using System.Text;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// The one place that names a queued message. The id depends only on the instance, the node and how many messages that
/// node queued before in this instance, so a step redone after a conflict or a crash names its message the same way —
/// the idempotency key that carries through the outbox to the channel (the email <c>Message-ID</c>, a provider's key).
/// </summary>
public static class MessageIds
{
    public static Guid For(Guid instanceId, string activityId, int sequence)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId:N}/{activityId}/{sequence}"), hash);
        var bytes = hash[..16];
        // RFC 9562 version 8 (custom) with the RFC variant bits, so it reads as a well-formed UUID.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
