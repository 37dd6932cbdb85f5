namespace AutomationServer.Messaging.Recipients;

/// <summary>
/// Who a message goes to, as the send pipeline sees it: the contact's address for the message's channel and what
/// policies and templates need to know about them. Loaded once per dispatch batch.
/// </summary>
public sealed record Recipient
{
    /// <summary>Null for a message sent to an explicit address rather than a contact.</summary>
    public Guid? ContactId { get; init; }

    /// <summary>The address on the message's channel (email address, E.164 number...); null when the contact has none.</summary>
    public string? Address { get; init; }

    /// <summary>IANA time zone id; null when the contact has none (policies then use <c>Audience:DefaultTimeZone</c>).</summary>
    public string? TimeZone { get; init; }

    public string? Locale { get; init; }

    public bool DoNotContact { get; init; }

    public string? LifecycleStage { get; init; }

    public int Score { get; init; }

    /// <summary>Every identity of the contact by kind (<c>email</c>, <c>phone</c>, <c>external:crm</c>...).</summary>
    public IReadOnlyDictionary<string, string> Identities { get; init; } = new Dictionary<string, string>();

    /// <summary>Custom attributes as plain values (string, number, bool, date text, list).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();

    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>Looks up recipients for a batch of messages.</summary>
public interface IRecipientDirectory
{
    /// <summary>
    /// The recipients of these contacts on <paramref name="channel"/> (which identity is the address: <c>email</c> for
    /// email, <c>phone</c> for sms...). Contacts that no longer exist (erased) are missing from the result.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, Recipient>> GetAsync(IReadOnlyCollection<Guid> contactIds, string channel, CancellationToken cancellationToken);
}
