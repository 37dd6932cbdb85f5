namespace AutomationServer.Messaging.Policies;

/// <summary>The reason codes the send policy records on skipped and deferred messages.</summary>
public static class PolicyReasons
{
    public const string NoAddress = "no_address";
    public const string DoNotContact = "do_not_contact";
    public const string Suppressed = "suppressed";
    public const string Consent = "consent";
    public const string Topic = "topic";
    public const string FrequencyCap = "frequency_cap";
    public const string QuietHours = "quiet_hours";
    public const string Throttled = "throttled";

    /// <summary>A span in words: "30 minutes", "24 hours", "7 days".</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? Plural((int)span.TotalHours, "hour")
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? Plural((int)span.TotalMinutes, "minute")
        : Plural((int)Math.Ceiling(span.TotalSeconds), "second");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
