using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;

namespace AutomationServer.Messaging.Recipients;

/// <summary>
/// The one place that says which of a contact's details is its address on a channel:
/// <c>email</c> → the <c>email</c> identity; <c>sms</c>, <c>whatsapp</c> and <c>voice</c> → the <c>phone</c> identity (E.164);
/// <c>chat</c> → the contact id itself (chat sessions are keyed by contact); any other channel → an identity whose kind is
/// the channel's name, if the contact has one.
/// </summary>
public static class ChannelAddresses
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Chat = "chat";

    private static readonly HashSet<string> PhoneChannels = new(StringComparer.OrdinalIgnoreCase) { Sms, "whatsapp", "voice" };

    /// <summary>The identity kind that holds the address on <paramref name="channel"/>, or null when the address is not an identity.</summary>
    public static string? IdentityKindFor(string channel) =>
        channel.Equals(Email, StringComparison.OrdinalIgnoreCase) ? IdentityKinds.Email
        : PhoneChannels.Contains(channel) ? IdentityKinds.Phone
        : channel.Equals(Chat, StringComparison.OrdinalIgnoreCase) ? null
        : channel.ToLowerInvariant();

    /// <summary>The contact's address on the channel; null when it has none.</summary>
    public static string? AddressOf(StoredContact contact, string channel)
    {
        if (channel.Equals(Chat, StringComparison.OrdinalIgnoreCase))
        {
            return contact.Contact.Id.ToString("D");
        }

        var kind = IdentityKindFor(channel);
        return contact.Identities.FirstOrDefault(i => string.Equals(i.Kind, kind, StringComparison.Ordinal))?.Value;
    }
}
