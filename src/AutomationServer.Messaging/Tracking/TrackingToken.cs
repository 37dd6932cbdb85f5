namespace AutomationServer.Messaging.Tracking;

/// <summary>What a tracking link is for; part of the signed content, so a token made for one purpose never works for another.</summary>
public enum TrackingPurpose : byte
{
    Open = 1,
    Click = 2,
    Unsubscribe = 3,
    Preferences = 4,
}

/// <summary>The signed content of a tracking link.</summary>
public sealed record TrackingToken(TrackingPurpose Purpose, Guid? MessageId = null, Guid? ContactId = null, string? TargetUrl = null, DateTimeOffset? ExpiresAt = null);

public enum TrackingTokenStatus
{
    Valid,

    /// <summary>Not a token, a changed one, one signed with another key, or one for another purpose.</summary>
    Invalid,

    /// <summary>Genuine but past its expiry.</summary>
    Expired,
}

public sealed record TrackingTokenCheck(TrackingTokenStatus Status, TrackingToken? Token)
{
    public static readonly TrackingTokenCheck Invalid = new(TrackingTokenStatus.Invalid, null);
}
