namespace AutomationPlugins.Email.Activities;

/// <summary>Names shared by the send activity and the engagement wait and decision.</summary>
public static class EngagementInputs
{
    /// <summary>The journey variable holding the id of the last email this journey sent.</summary>
    public const string LastMessageVariable = "lastEmailMessageId";

    public const string Opened = "opened";
    public const string Clicked = "clicked";
}
