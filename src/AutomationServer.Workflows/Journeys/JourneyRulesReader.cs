using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Journeys;

/// <summary>
/// Reads a definition's journey rules from <c>customProperties.journey</c> (kept by Elsa import and export like any
/// custom property) and, for partner JSON, from Elsa's <c>options.activationStrategyType</c>. The journey object wins
/// when both say something about entry. Problems name their JSON path.
/// </summary>
public static class JourneyRulesReader
{
    public const string JourneyPath = "customProperties.journey";
    private const string EntryPath = JourneyPath + ".entry";
    private const string ExitPath = JourneyPath + ".exit";

    public static JourneyRules Read(JsonObject document, List<ValidationProblem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        problems ??= [];
        var journey = (document["customProperties"] as JsonObject)?["journey"];
        if (journey is not null and not JsonObject)
        {
            problems.Add(Problem(JourneyPath, $"must be an object, not {Describe(journey)}."));
            return FromActivationStrategy(document, problems);
        }

        var entry = journey?["entry"] is { } entryNode ? ReadEntry(entryNode, problems) : null;
        var exits = journey?["exit"] is { } exitNode ? ReadExits(exitNode, problems) : [];
        return new JourneyRules(entry ?? FromActivationStrategy(document, problems).Entry, exits);
    }

    private static JourneyRules FromActivationStrategy(JsonObject document, List<ValidationProblem> problems)
    {
        if ((document["options"] as JsonObject)?["activationStrategyType"] is not JsonValue value || !value.TryGetValue<string>(out var typeName) || typeName.Length == 0)
        {
            return JourneyRules.None;
        }

        // "Elsa.Workflows.Runtime.ActivationValidators.CorrelatedSingletonStrategy, Elsa.Workflows.Runtime" → the class name.
        var name = typeName.Split(',')[0].Trim();
        name = name[(name.LastIndexOf('.') + 1)..];
        switch (name)
        {
            case "AllowAlwaysStrategy":
                return JourneyRules.None;
            case "CorrelatedSingletonStrategy" or "CorrelationStrategy":
                return new JourneyRules(new JourneyEntryRule(JourneyEntryMode.NotWhileActive), []);
            default:
                problems.Add(new ValidationProblem(
                    ValidationCodes.InvalidJourneyRule,
                    $"The activation strategy '{name}' is not enforced by this server (it limits instances per correlation id only); set {EntryPath} instead.",
                    Field: "options.activationStrategyType",
                    Severity: ValidationSeverity.Warning));
                return JourneyRules.None;
        }
    }

    private static JourneyEntryRule? ReadEntry(JsonNode node, List<ValidationProblem> problems)
    {
        if (node is not JsonObject entry)
        {
            problems.Add(Problem(EntryPath, $"must be an object like {{\"mode\": \"once\"}}, not {Describe(node)}."));
            return null;
        }

        var modeText = Text(entry["mode"]);
        JourneyEntryMode? mode = modeText switch
        {
            "always" => JourneyEntryMode.Always,
            "once" => JourneyEntryMode.Once,
            "oncePer" => JourneyEntryMode.OncePer,
            "notWhileActive" => JourneyEntryMode.NotWhileActive,
            _ => null,
        };
        if (mode is null)
        {
            problems.Add(Problem(EntryPath + ".mode", $"must be \"always\", \"once\", \"oncePer\" or \"notWhileActive\", not {Describe(entry["mode"])}."));
            return null;
        }

        var periodNode = entry["period"];
        if (mode != JourneyEntryMode.OncePer)
        {
            if (periodNode is not null)
            {
                problems.Add(Problem(EntryPath + ".period", $"applies to mode \"oncePer\" only; mode \"{modeText}\" has no period."));
            }

            return new JourneyEntryRule(mode.Value);
        }

        if (!JourneyDuration.TryParse(Text(periodNode), out var period))
        {
            problems.Add(Problem(EntryPath + ".period", $"must be {JourneyDuration.FormatHelp}, not {Describe(periodNode)}."));
            return null;
        }

        return new JourneyEntryRule(JourneyEntryMode.OncePer, period);
    }

    private static List<JourneyExitCondition> ReadExits(JsonNode node, List<ValidationProblem> problems)
    {
        var exits = new List<JourneyExitCondition>();
        if (node is not JsonArray list)
        {
            problems.Add(Problem(ExitPath, $"must be an array of conditions, not {Describe(node)}."));
            return exits;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{ExitPath}[{i}]";
            if (list[i] is not JsonObject item)
            {
                problems.Add(Problem(path, $"must be an object with name, outcome and event or rule, not {Describe(list[i])}."));
                continue;
            }

            var valid = true;
            var name = Text(item["name"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(Problem(path + ".name", "is required: every exit condition needs a name (it is recorded when the condition ends an instance)."));
                valid = false;
            }
            else if (!names.Add(name))
            {
                problems.Add(Problem(path + ".name", $"'{name}' names more than one exit condition."));
                valid = false;
            }

            var outcomeText = Text(item["outcome"]) ?? "exit";
            JourneyExitOutcome? outcome = outcomeText switch
            {
                "exit" => JourneyExitOutcome.Exit,
                "goal" => JourneyExitOutcome.Goal,
                _ => null,
            };
            if (outcome is null)
            {
                problems.Add(Problem(path + ".outcome", $"must be \"goal\" or \"exit\", not {Describe(item["outcome"])}."));
                valid = false;
            }

            var eventNode = item["event"];
            var rule = item["rule"];
            if ((eventNode is null) == (rule is null))
            {
                problems.Add(Problem(path, "needs exactly one of \"event\" (an event since the contact entered) or \"rule\" (a segment rule that holds now)."));
                valid = false;
            }
            else if (eventNode is not null && !IsEventShape(eventNode, path + ".event", problems))
            {
                valid = false;
            }

            if (valid)
            {
                exits.Add(new JourneyExitCondition(name!, outcome!.Value, path, eventNode as JsonObject, rule));
            }
        }

        return exits;
    }

    private static bool IsEventShape(JsonNode node, string path, List<ValidationProblem> problems)
    {
        if (node is not JsonObject e)
        {
            problems.Add(Problem(path, $"must be an object like {{\"name\": \"order_completed\"}}, not {Describe(node)}."));
            return false;
        }

        if (string.IsNullOrWhiteSpace(Text(e["name"])))
        {
            problems.Add(Problem(path + ".name", "is required: the name of the event that ends the journey."));
            return false;
        }

        if (e["where"] is { } where && where is not JsonArray)
        {
            problems.Add(Problem(path + ".where", $"must be an array of property filters, not {Describe(where)}."));
            return false;
        }

        return true;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => $"\"{value.GetValue<string>()}\"",
        JsonValue value => value.ToJsonString(),
        JsonArray => "an array",
        _ => "an object",
    };

    private static ValidationProblem Problem(string path, string message) =>
        new(ValidationCodes.InvalidJourneyRule, $"{path} {message}", Field: path);
}
