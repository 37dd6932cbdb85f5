namespace AutomationServer.Audience.Events;

/// <summary>Names of the stimuli the audience sends the engine.</summary>
public static class AudienceStimuli
{
    /// <summary>A stored contact event; key = the event name, correlation id = the contact id ("N").</summary>
    public const string Event = "Audience.Event";

    public const string SegmentEntered = "Audience.SegmentEntered";

    public const string SegmentLeft = "Audience.SegmentLeft";

    /// <summary>A contact's date attribute reached (see <c>DateReached</c>); key = the trigger's <c>DateTriggerKey</c>, correlation id = the contact id ("N").</summary>
    public const string DateReached = "Audience.DateReached";

    public static string CorrelationId(Guid contactId) => contactId.ToString("N");
}
