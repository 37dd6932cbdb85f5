using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace AutomationServer.Messaging.Policies;

/// <summary>A problem with one field of a channel policy document, keyed by its path (<c>quietHours.start</c>, <c>frequencyCaps[0].window</c>).</summary>
public sealed record PolicyProblem(string Field, string Message);

/// <summary>
/// The one reader of channel policy documents, whether they come from configuration, the database or the API, so every
/// source is validated alike. Property names are matched without regard to case.
/// </summary>
public static class ChannelPolicyParser
{
    public const int MaxCaps = 10;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly string[] TopLevel = ["frequencyCaps", "quietHours", "ratePerSecond", "maxDeferral"];

    public static (ChannelPolicy? Policy, IReadOnlyList<PolicyProblem> Problems) Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, NodeOptions);
        }
        catch (JsonException invalid)
        {
            return (null, [new PolicyProblem("body", $"The body is not valid JSON: {invalid.Message}")]);
        }

        return Parse(node);
    }

    public static (ChannelPolicy? Policy, IReadOnlyList<PolicyProblem> Problems) Parse(JsonNode? node)
    {
        var problems = new List<PolicyProblem>();
        if (node is not JsonObject document)
        {
            return (null, [new PolicyProblem("body", "The policy is a JSON object with frequencyCaps, quietHours, ratePerSecond and maxDeferral.")]);
        }

        document = CaseInsensitive(document);
        foreach (var (name, _) in document)
        {
            if (!TopLevel.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new PolicyProblem(name, $"Unknown field; the fields are {string.Join(", ", TopLevel)}."));
            }
        }

        var caps = ReadCaps(document["frequencyCaps"], problems);
        var quietHours = ReadQuietHours(document["quietHours"], problems);
        double? rate = null;
        if (document["ratePerSecond"] is { } rateNode)
        {
            if (Number(rateNode) is { } value && value > 0 && value <= 1_000_000)
            {
                rate = value;
            }
            else
            {
                problems.Add(new PolicyProblem("ratePerSecond", "The rate is a number of messages per second above 0 (0.5 = 30 a minute), at most 1000000; leave it out for no limit."));
            }
        }

        var maxDeferral = ChannelPolicy.DefaultMaxDeferral;
        if (document["maxDeferral"] is { } deferralNode)
        {
            if (Duration(deferralNode) is { } value && value > TimeSpan.Zero && value <= TimeSpan.FromDays(365))
            {
                maxDeferral = value;
            }
            else
            {
                problems.Add(new PolicyProblem("maxDeferral", "The longest wait is a duration above 0 and at most 365 days: d.hh:mm:ss (7.00:00:00) or ISO 8601 (P7D)."));
            }
        }

        return problems.Count > 0 ? (null, problems) : (new ChannelPolicy(caps, quietHours, rate, maxDeferral), problems);
    }

    /// <summary>The document form of a policy: what the API shows and the database stores.</summary>
    public static JsonObject ToJson(ChannelPolicy policy)
    {
        var document = new JsonObject
        {
            ["frequencyCaps"] = new JsonArray(policy.FrequencyCaps.Select(c => (JsonNode)new JsonObject
            {
                ["max"] = c.Max,
                ["window"] = c.Window.ToString("c", CultureInfo.InvariantCulture),
            }).ToArray()),
            ["quietHours"] = policy.QuietHours is { } quiet
                ? new JsonObject
                {
                    ["start"] = quiet.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                    ["end"] = quiet.End.ToString("HH:mm", CultureInfo.InvariantCulture),
                    ["days"] = quiet.Days is null ? null : new JsonArray(quiet.Days.Order().Select(d => (JsonNode)JsonValue.Create(d.ToString())).ToArray()),
                }
                : null,
            ["ratePerSecond"] = policy.RatePerSecond,
            ["maxDeferral"] = policy.MaxDeferral.ToString("c", CultureInfo.InvariantCulture),
        };
        return document;
    }

    private static List<FrequencyCap> ReadCaps(JsonNode? node, List<PolicyProblem> problems)
    {
        var caps = new List<FrequencyCap>();
        if (node is null)
        {
            return caps;
        }

        if (node is not JsonArray list || list.Count > MaxCaps)
        {
            problems.Add(new PolicyProblem("frequencyCaps", $"The frequency caps are a list of at most {MaxCaps} objects {{ \"max\": 3, \"window\": \"1.00:00:00\" }}."));
            return caps;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var field = $"frequencyCaps[{i}]";
            if (list[i] is not JsonObject cap)
            {
                problems.Add(new PolicyProblem(field, "A frequency cap is an object { \"max\": 3, \"window\": \"1.00:00:00\" }."));
                continue;
            }

            cap = CaseInsensitive(cap);
            var max = Number(cap["max"]);
            var validMax = max is >= 1 and <= 100_000 && max % 1 == 0;
            if (!validMax)
            {
                problems.Add(new PolicyProblem($"{field}.max", "The cap is a whole number of messages, 1 or more."));
            }

            var window = Duration(cap["window"]);
            var validWindow = window is { } w && w > TimeSpan.Zero && w <= TimeSpan.FromDays(366);
            if (!validWindow)
            {
                problems.Add(new PolicyProblem($"{field}.window", "The window is a duration above 0 and at most 366 days: d.hh:mm:ss (1.00:00:00) or ISO 8601 (PT24H, P7D)."));
            }

            foreach (var (name, _) in cap)
            {
                if (!name.Equals("max", StringComparison.OrdinalIgnoreCase) && !name.Equals("window", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new PolicyProblem($"{field}.{name}", "Unknown field; a frequency cap has max and window."));
                }
            }

            if (validMax && validWindow)
            {
                caps.Add(new FrequencyCap((int)max!.Value, window!.Value));
            }
        }

        return caps;
    }

    private static QuietHours? ReadQuietHours(JsonNode? node, List<PolicyProblem> problems)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject quiet)
        {
            problems.Add(new PolicyProblem("quietHours", "Quiet hours are an object { \"start\": \"21:00\", \"end\": \"08:00\", \"days\": [\"Monday\", …] }."));
            return null;
        }

        quiet = CaseInsensitive(quiet);
        var start = Time(quiet["start"]);
        if (start is null)
        {
            problems.Add(new PolicyProblem("quietHours.start", "The start is a local time HH:mm (24-hour), e.g. 21:00."));
        }

        var end = Time(quiet["end"]);
        if (end is null)
        {
            problems.Add(new PolicyProblem("quietHours.end", "The end is a local time HH:mm (24-hour), e.g. 08:00."));
        }
        else if (end == start)
        {
            problems.Add(new PolicyProblem("quietHours.end", "The end differs from the start."));
        }

        HashSet<DayOfWeek>? days = null;
        if (quiet["days"] is { } daysNode)
        {
            if (daysNode is not JsonArray list || list.Count == 0)
            {
                problems.Add(new PolicyProblem("quietHours.days", "The days are a non-empty list of day names (Monday … Sunday); leave it out for every day."));
            }
            else
            {
                days = [];
                for (var i = 0; i < list.Count; i++)
                {
                    if (Day(list[i]) is { } day)
                    {
                        days.Add(day);
                    }
                    else
                    {
                        problems.Add(new PolicyProblem($"quietHours.days[{i}]", "A day is an English day name: Monday … Sunday (or Mon … Sun)."));
                    }
                }
            }
        }

        foreach (var (name, _) in quiet)
        {
            if (name.ToLowerInvariant() is not ("start" or "end" or "days"))
            {
                problems.Add(new PolicyProblem($"quietHours.{name}", "Unknown field; quiet hours have start, end and days."));
            }
        }

        return start is { } s && end is { } e && s != e ? new QuietHours(s, e, days) : null;
    }

    /// <summary>Objects read from JSON text are case-insensitive already; those built in code (from configuration) are copied.</summary>
    private static JsonObject CaseInsensitive(JsonObject node) =>
        node.Options?.PropertyNameCaseInsensitive == true ? node : (JsonObject)JsonNode.Parse(node.ToJsonString(), NodeOptions)!;

    private static double? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static TimeOnly? Time(JsonNode? node) =>
        Text(node) is { } text && TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static TimeSpan? Duration(JsonNode? node)
    {
        if (Text(node)?.Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        if (text.StartsWith('P') || text.StartsWith('p'))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text.ToUpperInvariant());
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    private static DayOfWeek? Day(JsonNode? node)
    {
        var text = Text(node)?.Trim();
        if (string.IsNullOrEmpty(text) || int.TryParse(text, out _))
        {
            return null;
        }

        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString();
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase) || (text.Length == 3 && name.StartsWith(text, StringComparison.OrdinalIgnoreCase)))
            {
                return day;
            }
        }

        return null;
    }
}
