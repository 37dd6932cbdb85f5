using System.Text.RegularExpressions;

namespace AutomationServer.Audience.Events;

public static partial class EventNames
{
    public const string PageView = "page_view";
    public const string ProductView = "product_view";
    public const string CartUpdated = "cart_updated";
    public const string CartAbandoned = "cart_abandoned";
    public const string OrderCompleted = "order_completed";
    public const string Signup = "signup";
    public const string Login = "login";
    public const string FormSubmitted = "form_submitted";

    public static readonly IReadOnlyList<string> Standard = [PageView, ProductView, CartUpdated, CartAbandoned, OrderCompleted, Signup, Login, FormSubmitted];

    /// <summary>Standard names follow the same pattern as custom ones: lower-case, digits, '_' and '.'.</summary>
    public static bool IsValid(string name) => name.Length <= Persistence.AudienceTables.NameLength && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_.]*$")]
    private static partial Regex Pattern();
}
