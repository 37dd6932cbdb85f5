using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Scoring;

/// <summary>Reads the lifecycle stage list and the decay setting; problems name their JSON path.</summary>
public static partial class ScoringSettingsParser
{
    public const int MaxStages = 20;
    public static readonly TimeSpan MinDecayPeriod = TimeSpan.FromHours(1);

    /// <summary><c>{"stages": [{"stage": "mql", "condition": {…}}, …]}</c>, lowest stage first.</summary>
    public static (IReadOnlyList<StageRule>? Stages, IReadOnlyList<RuleProblem> Problems) Stages(JsonNode? body, RuleContext context)
    {
        var problems = new List<RuleProblem>();
        if (body is not JsonObject { Count: 1 } obj || obj["stages"] is not JsonArray { Count: > 0 and <= MaxStages } items)
        {
            return (null, [new RuleProblem("stages", $"Expected {{\"stages\": [ … ]}} with 1 to {MaxStages} entries {{\"stage\", \"condition\"}}, lowest stage first.")]);
        }

        var stages = new List<StageRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"stages[{i}]";
            if (items[i] is not JsonObject entry)
            {
                problems.Add(new RuleProblem(at, "Expected an object {\"stage\", \"condition\"}."));
                continue;
            }

            foreach (var (key, _) in entry)
            {
                if (key is not ("stage" or "condition"))
                {
                    problems.Add(new RuleProblem($"{at}.{key}", "Unknown field; expected: stage, condition."));
                }
            }

            var stage = entry["stage"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (stage is null || !StageName().IsMatch(stage))
            {
                problems.Add(new RuleProblem($"{at}.stage", "A stage is lower-case letters, digits and '_', starting with a letter (at most 128), e.g. \"mql\"."));
            }
            else if (!seen.Add(stage))
            {
                problems.Add(new RuleProblem($"{at}.stage", $"Stage '{stage}' is listed twice."));
            }

            RuleNode? condition = null;
            if (entry["condition"] is { } given)
            {
                var parsed = SegmentRuleParser.Parse(given, context, $"{at}.condition");
                problems.AddRange(parsed.Problems);
                condition = parsed.Rule;
            }

            if (stage is not null)
            {
                stages.Add(new StageRule(stage, condition));
            }
        }

        return problems.Count > 0 ? (null, problems) : (stages, []);
    }

    /// <summary><c>{"enabled": true, "percent": 10, "every": "7d"}</c>.</summary>
    public static (DecaySetting? Decay, IReadOnlyList<RuleProblem> Problems) Decay(JsonNode? body)
    {
        if (body is not JsonObject obj)
        {
            return (null, [new RuleProblem("body", "Expected {\"enabled\": true, \"percent\": 10, \"every\": \"7d\"}.")]);
        }

        var problems = new List<RuleProblem>();
        foreach (var (key, _) in obj)
        {
            if (key is not ("enabled" or "percent" or "every"))
            {
                problems.Add(new RuleProblem(key, "Unknown field; expected: enabled, percent, every."));
            }
        }

        var enabled = obj["enabled"]?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Problem(false, "enabled", "Required: true or false."),
        };
        var percent = obj["percent"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number && p.TryGetValue<int>(out var n) && n is >= 1 and <= 100
            ? n
            : Problem(0, "percent", "Expected a whole number of percent from 1 to 100.");
        var every = obj["every"] is JsonValue e && e.TryGetValue<string>(out var text) && Duration.TryParse(text, out var d) && d.Span >= MinDecayPeriod
            ? d
            : Problem(default(Duration), "every", $"Expected a duration of at least one hour: {Duration.FormatHelp}.");
        return problems.Count > 0 ? (null, problems) : (new DecaySetting(enabled, percent, every), []);

        T Problem<T>(T fallback, string path, string message)
        {
            problems.Add(new RuleProblem(path, message));
            return fallback;
        }
    }

    public static bool IsStageName(string stage) => StageName().IsMatch(stage);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();
}
