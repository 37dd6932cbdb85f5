using AutomationServer.Audience.Persistence;

namespace AutomationServer.Audience.Consent;

public sealed record ConsentInput(string? Channel, string? Topic, string? Status, string? Source);

public sealed record DoubleOptInInput(string? Channel, string? Topic, string? Source);

/// <summary>The token is shown once; only its hash is stored.</summary>
public sealed record DoubleOptInRequested(string Token, DateTime ExpiresAt);

public sealed record ConsentView(string Channel, string Topic, ConsentStatus Status, string Source, DateTime UpdatedAt);

public sealed record ConsentChangeView(string Channel, string Topic, ConsentStatus Status, string Source, DateTime OccurredAt);

public sealed record SuppressionInput(string? Channel, string? Address, string? Reason);

public sealed record SuppressionView(string Channel, string Address, string? Reason, DateTime CreatedAt);

public enum ConfirmationOutcome
{
    Confirmed,
    Unknown,
    Expired,
}

/// <summary>Why a contact may not be contacted, or <see cref="Allowed"/>.</summary>
public enum ContactPermission
{
    Allowed,
    ContactNotFound,
    DoNotContact,
    SuppressedAddress,
    Unsubscribed,
    Pending,
    NoConsent,
}

public sealed record ContactPermissionResult(ContactPermission Reason, string? Detail = null)
{
    public bool Allowed => Reason == ContactPermission.Allowed;
}
