namespace AutomationServer.Audience.Persistence;

/// <summary>Stored by name: <c>Subscribed</c>, <c>Unsubscribed</c>, <c>Pending</c>.</summary>
public enum ConsentStatus
{
    Subscribed,
    Unsubscribed,
    Pending,
}

/// <summary>The current consent of a contact for a channel and topic (<c>""</c> = the channel as a whole).</summary>
public sealed class ContactConsentRecord
{
    public Guid ContactId { get; set; }

    public string Channel { get; set; } = "";

    public string Topic { get; set; } = "";

    public ConsentStatus Status { get; set; }

    public string Source { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Append-only log of every consent change.</summary>
public sealed class ConsentChangeRecord
{
    public Guid Id { get; set; }

    public Guid ContactId { get; set; }

    public string Channel { get; set; } = "";

    public string Topic { get; set; } = "";

    public ConsentStatus Status { get; set; }

    public string Source { get; set; } = "";

    public DateTime OccurredAt { get; set; }
}

/// <summary>An open double opt-in. Only the SHA-256 of the token is stored, so a database leak cannot confirm anything.</summary>
public sealed class ConsentConfirmationRecord
{
    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public Guid ContactId { get; set; }

    public string Channel { get; set; } = "";

    public string Topic { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}

/// <summary>An address nothing is sent to on a channel, whoever it belongs to.</summary>
public sealed class SuppressionRecord
{
    public string Channel { get; set; } = "";

    /// <summary>Normalized like identities: e-mail lower-cased, phone E.164.</summary>
    public string Address { get; set; } = "";

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
