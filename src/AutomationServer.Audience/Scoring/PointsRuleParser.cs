using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Events;
using AutomationServer.Audience.Segments.Rules;

namespace AutomationServer.Audience.Scoring;

public sealed record PointsRuleParseResult(PointsRule? Rule, IReadOnlyList<RuleProblem> Problems);

/// <summary>
/// Reads a points rule. Its condition (attribute rules) and its event's <c>where</c> filters are written in the
/// segment rule language and checked by <see cref="SegmentRuleParser"/>, so every problem carries its JSON path
/// (<c>condition.and[0].attribute.name</c>, <c>event.where[1].op</c>).
/// </summary>
public static partial class PointsRuleParser
{
    public const int MaxPoints = 1_000_000;
    public const int MaxLimit = 1_000_000;

    private static readonly string[] Fields = ["id", "name", "kind", "event", "condition", "points", "enabled", "limit"];

    /// <param name="body">The request body.</param>
    /// <param name="id">The id from the route (updates); null to read it from the body (creates).</param>
    public static PointsRuleParseResult Parse(JsonObject body, string? id, RuleContext context)
    {
        var problems = new List<RuleProblem>();
        foreach (var (key, _) in body)
        {
            if (!Fields.Contains(key, StringComparer.Ordinal))
            {
                problems.Add(new RuleProblem(key, $"Unknown field; expected: {string.Join(", ", Fields)}."));
            }
        }

        id ??= Text(body, "id", problems);
        if (id is not null && !Slug().IsMatch(id))
        {
            problems.Add(new RuleProblem("id", "An id is 1 to 128 lower-case letters, digits and '-', starting and ending with a letter or digit."));
        }

        var name = Text(body, "name", problems);
        if (name is not null && (name.Trim().Length == 0 || name.Length > Persistence.AudienceTables.DisplayLength))
        {
            problems.Add(new RuleProblem("name", $"A name is 1 to {Persistence.AudienceTables.DisplayLength} characters."));
        }

        var kindText = Text(body, "kind", problems);
        PointsRuleKind? kind = kindText switch
        {
            null => null,
            "event" => PointsRuleKind.Event,
            "attribute" => PointsRuleKind.Attribute,
            _ => Fail<PointsRuleKind?>(problems, "kind", $"Unknown kind '{kindText}'; expected event or attribute."),
        };

        int? points = body["points"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number && p.TryGetValue<int>(out var n) && Math.Abs(n) <= MaxPoints
            ? n
            : Fail<int?>(problems, "points", $"Expected a whole number from -{MaxPoints} to {MaxPoints} (negative takes points away).");

        var enabled = true;
        if (body.ContainsKey("enabled"))
        {
            if (body["enabled"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = body["enabled"]!.GetValue<bool>();
            }
            else
            {
                problems.Add(new RuleProblem("enabled", "Expected true or false."));
            }
        }

        var limit = body.ContainsKey("limit") ? Limit(body["limit"], problems) : null;

        string? eventName = null;
        IReadOnlyList<PropertyFilter> where = [];
        RuleNode? condition = null;
        if (kind == PointsRuleKind.Event)
        {
            if (body.ContainsKey("condition"))
            {
                problems.Add(new RuleProblem("condition", "An event rule has no condition; filter the event with event.where."));
            }

            (eventName, where) = Event(body["event"], context, problems);
        }
        else if (kind == PointsRuleKind.Attribute)
        {
            if (body.ContainsKey("event"))
            {
                problems.Add(new RuleProblem("event", "An attribute rule has no event; use condition (an event node inside it counts events)."));
            }

            var parsed = SegmentRuleParser.Parse(body["condition"], context, "condition");
            problems.AddRange(parsed.Problems);
            condition = parsed.Rule;
        }

        if (problems.Count > 0)
        {
            return new PointsRuleParseResult(null, problems);
        }

        return new PointsRuleParseResult(new PointsRule(id!, name!.Trim(), kind!.Value, eventName, where, condition, points!.Value, enabled, limit), []);
    }

    /// <summary>The body stored in <c>Definition</c>: the event or condition, and the limit.</summary>
    public static JsonObject Definition(JsonObject body)
    {
        var definition = new JsonObject();
        foreach (var key in new[] { "event", "condition", "limit" })
        {
            if (body[key] is { } value)
            {
                definition[key] = value.DeepClone();
            }
        }

        return definition;
    }

    private static (string? Name, IReadOnlyList<PropertyFilter> Where) Event(JsonNode? node, RuleContext context, List<RuleProblem> problems)
    {
        if (node is not JsonObject body)
        {
            problems.Add(new RuleProblem("event", "Expected an object {\"name\", \"where\"}."));
            return (null, []);
        }

        var before = problems.Count;
        foreach (var (key, _) in body)
        {
            if (key is not ("name" or "where"))
            {
                problems.Add(new RuleProblem($"event.{key}", "Unknown field; expected: name, where."));
            }
        }

        if (body["name"] is JsonValue value && value.TryGetValue<string>(out var name) && !EventNames.IsValid(name))
        {
            problems.Add(new RuleProblem("event.name", "An event name is lower-case letters, digits, '_' and '.', starting with a letter."));
        }

        // The segment language's event node checks name and where with the same messages a segment gets.
        var asCondition = new JsonObject { ["event"] = body.DeepClone() };
        var parsed = SegmentRuleParser.Parse(asCondition, context, "$");
        problems.AddRange(parsed.Problems.Select(p => p with { Path = p.Path.StartsWith("$.", StringComparison.Ordinal) ? p.Path[2..] : p.Path }));
        return problems.Count == before && parsed.Rule is EventCondition e ? (e.Name, e.Where) : (null, []);
    }

    private static PointsLimit? Limit(JsonNode? node, List<RuleProblem> problems)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject body)
        {
            return Fail<PointsLimit>(problems, "limit", "Expected an object {\"max\", \"per\"}, e.g. {\"max\": 1, \"per\": \"1d\"}.");
        }

        var before = problems.Count;
        foreach (var (key, _) in body)
        {
            if (key is not ("max" or "per"))
            {
                problems.Add(new RuleProblem($"limit.{key}", "Unknown field; expected: max, per."));
            }
        }

        int? max = body["max"] is JsonValue m && m.GetValueKind() == JsonValueKind.Number && m.TryGetValue<int>(out var n) && n is >= 1 and <= MaxLimit
            ? n
            : Fail<int?>(problems, "limit.max", $"Expected a whole number from 1 to {MaxLimit}.");
        Duration? per = null;
        if (body.ContainsKey("per"))
        {
            if (body["per"] is JsonValue t && t.TryGetValue<string>(out var text) && Duration.TryParse(text, out var duration))
            {
                per = duration;
            }
            else
            {
                problems.Add(new RuleProblem("limit.per", $"Expected a duration: {Duration.FormatHelp}; leave it out for \"ever\"."));
            }
        }

        return problems.Count == before ? new PointsLimit(max!.Value, per) : null;
    }

    private static string? Text(JsonObject body, string key, List<RuleProblem> problems) =>
        body[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : Fail<string>(problems, key, "Required: a string.");

    private static T? Fail<T>(List<RuleProblem> problems, string path, string message)
    {
        problems.Add(new RuleProblem(path, message));
        return default;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
