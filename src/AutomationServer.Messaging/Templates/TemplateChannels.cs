using System.Text.RegularExpressions;

namespace AutomationServer.Messaging.Templates;

/// <summary>The channels templates are written for.</summary>
public static class TemplateChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Chat = "chat";

    public static readonly IReadOnlyList<string> All = [Email, Sms, Chat];

    public static bool IsKnown(string? channel) => channel is not null && All.Contains(channel, StringComparer.Ordinal);
}

/// <summary>Template ids: lower-case slugs journeys reference (<c>trial-day-0</c>, <c>cart.reminder_1</c>).</summary>
public static partial class TemplateIds
{
    public const int MaxLength = 128;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Slug().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")]
    private static partial Regex Slug();
}
