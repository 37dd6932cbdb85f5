namespace AutomationServer.Audience.Contacts;

public static class IdentityKinds
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Anonymous = "anonymous";

    /// <summary>Prefix of a CRM's or other system's id: <c>external:salesforce</c>.</summary>
    public const string ExternalPrefix = "external:";
}
