using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Validation;
using Microsoft.Extensions.Options;

namespace AutomationServer.Audience.Consent;

/// <summary>
/// Consent per channel and topic, double opt-in, the suppression list, and the one answer to "may this contact be
/// contacted on this channel about this topic" (<see cref="CanContactAsync"/>).
/// </summary>
public sealed partial class ConsentService(
    IConsentStore store,
    IContactStore contacts,
    IdentityNormalizer identities,
    IOptions<AudienceOptions> options,
    ContactChangeQueue changes,
    TimeProvider clock)
{
    public const string DoubleOptInSource = "double-opt-in";
    public const int MaxPageSize = 500;

    public async Task<IReadOnlyList<ConsentView>?> ListAsync(Guid contactId, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(contactId, cancellationToken))
        {
            return null;
        }

        return (await store.ListAsync(contactId, cancellationToken)).Select(c => new ConsentView(c.Channel, c.Topic, c.Status, c.Source, c.UpdatedAt)).ToList();
    }

    public async Task<IReadOnlyList<ConsentChangeView>?> HistoryAsync(Guid contactId, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(contactId, cancellationToken))
        {
            return null;
        }

        return (await store.HistoryAsync(contactId, cancellationToken)).Select(c => new ConsentChangeView(c.Channel, c.Topic, c.Status, c.Source, c.OccurredAt)).ToList();
    }

    /// <summary>Sets Subscribed or Unsubscribed directly (Pending only comes from a double opt-in request). False: no such contact.</summary>
    public async Task<bool> SetAsync(Guid contactId, ConsentInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (channel, topic) = ReadChannelAndTopic(input.Channel, input.Topic, errors);
        var source = ReadSource(input.Source, errors);
        ConsentStatus status = default;
        if (!Enum.TryParse(input.Status?.Trim(), ignoreCase: true, out status) || status == ConsentStatus.Pending || int.TryParse(input.Status, out _))
        {
            errors.Add("status", "The status is Subscribed or Unsubscribed; Pending comes from a double opt-in request.");
        }

        errors.ThrowIfAny("The consent is invalid.");
        if (!await ExistsAsync(contactId, cancellationToken))
        {
            return false;
        }

        await store.SetAsync(Change(contactId, channel!, topic!, status, source!), null, cancellationToken);
        changes.Enqueue(contactId);
        return true;
    }

    /// <summary>Marks the consent Pending and returns a one-time token that <see cref="ConfirmAsync"/> turns into Subscribed.</summary>
    public async Task<DoubleOptInRequested?> RequestDoubleOptInAsync(Guid contactId, DoubleOptInInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (channel, topic) = ReadChannelAndTopic(input.Channel, input.Topic, errors);
        var source = ReadSource(input.Source, errors);
        errors.ThrowIfAny("The double opt-in request is invalid.");
        if (!await ExistsAsync(contactId, cancellationToken))
        {
            return null;
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow().UtcDateTime + options.Value.ConfirmationLifetime;
        var confirmation = new ConsentConfirmationRecord { TokenHash = Hash(token), ContactId = contactId, Channel = channel!, Topic = topic!, ExpiresAt = expiresAt };
        await store.SetAsync(Change(contactId, channel!, topic!, ConsentStatus.Pending, source!), confirmation, cancellationToken);
        changes.Enqueue(contactId);
        return new DoubleOptInRequested(token, expiresAt);
    }

    /// <summary>A token confirms once; an expired one is used up without changing the consent.</summary>
    public async Task<ConfirmationOutcome> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return ConfirmationOutcome.Unknown;
        }

        var confirmation = await store.TakeConfirmationAsync(Hash(token.Trim()), cancellationToken);
        if (confirmation is null)
        {
            return ConfirmationOutcome.Unknown;
        }

        if (confirmation.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            return ConfirmationOutcome.Expired;
        }

        await store.SetAsync(Change(confirmation.ContactId, confirmation.Channel, confirmation.Topic, ConsentStatus.Subscribed, DoubleOptInSource), null, cancellationToken);
        changes.Enqueue(confirmation.ContactId);
        return ConfirmationOutcome.Confirmed;
    }

    public async Task<SuppressionView> SuppressAsync(SuppressionInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (channel, address) = ReadAddress(input.Channel, input.Address, errors);
        if (input.Reason is { Length: > AudienceTables.DisplayLength })
        {
            errors.Add("reason", $"The reason is longer than {AudienceTables.DisplayLength} characters.");
        }

        errors.ThrowIfAny("The suppression is invalid.");
        var record = new SuppressionRecord { Channel = channel!, Address = address!, Reason = input.Reason?.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (!await store.AddSuppressionAsync(record, cancellationToken))
        {
            throw new AudienceConflictException("The address is suppressed already.", "address", $"'{address}' is on the {channel} suppression list.");
        }

        return new SuppressionView(record.Channel, record.Address, record.Reason, record.CreatedAt);
    }

    public async Task<bool> UnsuppressAsync(string? channel, string? address, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (normalizedChannel, normalizedAddress) = ReadAddress(channel, address, errors);
        errors.ThrowIfAny("The suppression is invalid.");
        var removedPlain = await store.RemoveSuppressionAsync(normalizedChannel!, normalizedAddress!, cancellationToken);
        var removedHashed = await store.RemoveSuppressionAsync(normalizedChannel!, SuppressedAddress.Hashed(normalizedAddress!), cancellationToken);
        return removedPlain || removedHashed;
    }

    public async Task<IReadOnlyList<SuppressionView>> ListSuppressionsAsync(string? channel, int skip, int take, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var normalized = ReadChannel(channel, errors);
        if (skip < 0)
        {
            errors.Add("skip", "Skip is zero or more.");
        }

        if (take is < 1 or > MaxPageSize)
        {
            errors.Add("take", $"Take is 1 to {MaxPageSize}.");
        }

        errors.ThrowIfAny("The query is invalid.");
        return (await store.ListSuppressionsAsync(normalized!, skip, take, cancellationToken)).Select(s => new SuppressionView(s.Channel, s.Address, s.Reason, s.CreatedAt)).ToList();
    }

    /// <summary>
    /// Whether the contact may get a message on <paramref name="channel"/> about <paramref name="topic"/> (<c>""</c>: the
    /// channel as a whole), checked in this order: do-not-contact, a suppressed address, then consent — a channel-wide
    /// unsubscribe beats any topic; a topic's own consent beats the channel's.
    /// </summary>
    public async Task<ContactPermissionResult> CanContactAsync(Guid contactId, string channel, string? topic, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(contactId, cancellationToken);
        if (contact is null)
        {
            return new ContactPermissionResult(ContactPermission.ContactNotFound);
        }

        if (contact.Contact.DoNotContact)
        {
            return new ContactPermissionResult(ContactPermission.DoNotContact);
        }

        var normalizedChannel = channel.Trim().ToLowerInvariant();
        var addresses = contact.Identities.Where(i => i.Kind == AddressKind(normalizedChannel)).Select(i => i.Value).ToList();
        if (addresses.Count > 0 && await store.FindSuppressedAsync(normalizedChannel, SuppressedAddress.LookupForms(addresses), cancellationToken) is { } suppressed)
        {
            return new ContactPermissionResult(ContactPermission.SuppressedAddress, suppressed);
        }

        return ConsentPermission((await store.ListAsync(contactId, cancellationToken)).Where(c => c.Channel == normalizedChannel), topic);
    }

    /// <summary>
    /// The consent part of <see cref="CanContactAsync"/> for a contact already known to exist, not do-not-contact and not
    /// suppressed, given its consents on the channel: a channel-wide unsubscribe beats any topic; a topic's own consent
    /// beats the channel's. Batch callers (the send policy) load consents for many contacts and decide each with this.
    /// </summary>
    public static ContactPermissionResult ConsentPermission(IEnumerable<ContactConsentRecord> channelConsents, string? topic)
    {
        var normalizedTopic = topic?.Trim() ?? "";
        var consents = channelConsents as IReadOnlyCollection<ContactConsentRecord> ?? channelConsents.ToList();
        var channelWide = consents.FirstOrDefault(c => c.Topic.Length == 0);
        var own = normalizedTopic.Length == 0 ? channelWide : consents.FirstOrDefault(c => c.Topic == normalizedTopic);
        var deciding = channelWide?.Status == ConsentStatus.Unsubscribed ? channelWide : own ?? channelWide;
        return deciding?.Status switch
        {
            ConsentStatus.Subscribed => new ContactPermissionResult(ContactPermission.Allowed),
            ConsentStatus.Unsubscribed => new ContactPermissionResult(ContactPermission.Unsubscribed, deciding.Topic.Length == 0 ? "channel" : deciding.Topic),
            ConsentStatus.Pending => new ContactPermissionResult(ContactPermission.Pending, deciding.Topic.Length == 0 ? "channel" : deciding.Topic),
            _ => new ContactPermissionResult(ContactPermission.NoConsent),
        };
    }

    /// <summary>Which identity kind is the address on a channel; channels without one have no suppressible address.</summary>
    public static string? AddressKind(string channel) => channel switch
    {
        "email" => IdentityKinds.Email,
        "sms" or "whatsapp" or "voice" => IdentityKinds.Phone,
        _ => null,
    };

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<bool> ExistsAsync(Guid contactId, CancellationToken cancellationToken) =>
        (await contacts.ExistingAsync([contactId], cancellationToken)).Count > 0;

    private ConsentChangeRecord Change(Guid contactId, string channel, string topic, ConsentStatus status, string source) => new()
    {
        Id = Guid.CreateVersion7(),
        ContactId = contactId,
        Channel = channel,
        Topic = topic,
        Status = status,
        Source = source,
        OccurredAt = clock.GetUtcNow().UtcDateTime,
    };

    private (string? Channel, string? Topic) ReadChannelAndTopic(string? channel, string? topic, FieldErrors errors)
    {
        var normalizedChannel = ReadChannel(channel, errors);
        var normalizedTopic = topic?.Trim() ?? "";
        if (normalizedTopic.Length > AudienceTables.NameLength)
        {
            errors.Add("topic", $"The topic is longer than {AudienceTables.NameLength} characters.");
        }

        return (normalizedChannel, normalizedTopic);
    }

    private static string? ReadChannel(string? channel, FieldErrors errors)
    {
        var normalized = channel?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(normalized) || normalized.Length > AudienceTables.KindLength || !ChannelPattern().IsMatch(normalized))
        {
            errors.Add("channel", "The channel is required: email, sms, chat, … (lower-case letters, digits, '-', '_').");
            return null;
        }

        return normalized;
    }

    private static string? ReadSource(string? source, FieldErrors errors)
    {
        var normalized = string.IsNullOrWhiteSpace(source) ? "api" : source.Trim();
        if (normalized.Length > AudienceTables.DisplayLength)
        {
            errors.Add("source", $"The source is longer than {AudienceTables.DisplayLength} characters.");
        }

        return normalized;
    }

    private (string? Channel, string? Address) ReadAddress(string? channel, string? address, FieldErrors errors)
    {
        var normalizedChannel = ReadChannel(channel, errors);
        if (string.IsNullOrWhiteSpace(address))
        {
            errors.Add("address", "The address is required.");
            return (normalizedChannel, null);
        }

        var (value, error) = normalizedChannel is null ? (null, null) : AddressKind(normalizedChannel) switch
        {
            IdentityKinds.Email => identities.NormalizeEmail(address),
            IdentityKinds.Phone => identities.NormalizePhone(address),
            _ => address.Trim().Length <= AudienceTables.IdentityValueLength ? (address.Trim(), (string?)null) : (null, $"The address is longer than {AudienceTables.IdentityValueLength} characters."),
        };
        if (error is not null)
        {
            errors.Add("address", error);
        }

        return (normalizedChannel, value);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex ChannelPattern();
}
