namespace AutomationServer.Messaging.Policies;

/// <summary>A channel's send-policy settings saved through the API; they replace the configured defaults for that channel.</summary>
public sealed class SendPolicySettingsRecord
{
    public string Channel { get; set; } = "";

    /// <summary>The <see cref="ChannelPolicy"/> as JSON (see <see cref="ChannelPolicyParser"/>).</summary>
    public string Document { get; set; } = "{}";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A contact's own frequency choice on a channel (personal data: erased with the contact).</summary>
public sealed class ContactFrequencyPreferenceRecord
{
    public Guid ContactId { get; set; }

    public string Channel { get; set; } = "";

    /// <summary>Null: the contact chose "no limit" (kept, so the choice and its source stay visible).</summary>
    public int? MaxPerWeek { get; set; }

    public string Source { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One message already handed to its channel, as the frequency cap counts it.</summary>
public readonly record struct RecentSend(Guid ContactId, string Channel, DateTime SentAt);
