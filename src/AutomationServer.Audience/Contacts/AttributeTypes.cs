namespace AutomationServer.Audience.Contacts;

public static class AttributeTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string List = "list";

    public static readonly IReadOnlyList<string> All = [String, Number, Boolean, Date, DateTime, List];
}
