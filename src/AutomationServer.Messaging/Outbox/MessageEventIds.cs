using System.Security.Cryptography;
using System.Text;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Outbox;

/// <summary>Names delivery events by what they say, so a provider (or a proxy) repeating a webhook does not count twice.</summary>
public static class MessageEventIds
{
    public static Guid For(Guid messageId, DeliveryEventKind kind, DateTime occurredAtUtc, string? detail)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{kind}/{occurredAtUtc.Ticks}/{detail}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A short, stable digest of an event's detail for idempotency keys (the detail itself may be long or personal).</summary>
    public static string DetailDigest(string? detail) =>
        string.IsNullOrEmpty(detail) ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(detail)))[..16];
}
