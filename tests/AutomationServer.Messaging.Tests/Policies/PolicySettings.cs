namespace AutomationServer.Messaging.Tests.Policies;

/// <summary>Configuration for <c>Messaging:Policies:email</c> as a test needs it.</summary>
internal static class PolicySettings
{
    public static Dictionary<string, string?> Email(
        (int Max, string Window)[]? caps = null, (string Start, string End, string[]? Days)? quiet = null, double? rate = null, string? maxDeferral = null)
    {
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var (max, window) in caps ?? [])
        {
            settings[$"Messaging:Policies:email:FrequencyCaps:{i}:Max"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Messaging:Policies:email:FrequencyCaps:{i}:Window"] = window;
            i++;
        }

        if (quiet is { } q)
        {
            settings["Messaging:Policies:email:QuietHours:Start"] = q.Start;
            settings["Messaging:Policies:email:QuietHours:End"] = q.End;
            for (var d = 0; d < (q.Days?.Length ?? 0); d++)
            {
                settings[$"Messaging:Policies:email:QuietHours:Days:{d}"] = q.Days![d];
            }
        }

        if (rate is { } r)
        {
            settings["Messaging:Policies:email:RatePerSecond"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (maxDeferral is not null)
        {
            settings["Messaging:Policies:email:MaxDeferral"] = maxDeferral;
        }

        return settings;
    }
}
