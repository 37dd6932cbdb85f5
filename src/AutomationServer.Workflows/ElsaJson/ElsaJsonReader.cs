using System.Text;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>
/// Reads an Elsa 3 workflow-definition document into a <see cref="WorkflowModel"/>. Never throws for bad
/// input: every defect becomes a <see cref="ValidationProblem"/>. The model's <see cref="WorkflowModel.Document"/>
/// keeps every field of the input untouched, except that legacy connections are rewritten into the
/// current shape and a missing <c>definitionId</c>, <c>name</c> or root <c>id</c> is filled in.
/// </summary>
public static class ElsaJsonReader
{
    /// <summary>Properties under which Elsa Studio and its API wrap a definition (<c>{"model": {...}, "publish": true}</c>).</summary>
    private static readonly string[] WrapperProperties = ["model", "workflowDefinition", "definition"];

    public static ElsaReadResult Read(string json)
    {
        if (json is null)
        {
            return Failed(new ValidationProblem(ValidationCodes.MalformedJson, "No document was given."));
        }

        if (json.Length > ElsaFormat.MaxDocumentBytes)
        {
            return Failed(new ValidationProblem(ValidationCodes.MalformedJson, $"The document is larger than {ElsaFormat.MaxDocumentBytes / (1024 * 1024)} MB."));
        }

        return Read(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads UTF-8 JSON (with or without a byte order mark) from <paramref name="utf8Json"/> to its end.</summary>
    public static ElsaReadResult Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return BoundedRead.TryReadAll(utf8Json, ElsaFormat.MaxDocumentBytes, out var bytes, out var error)
            ? Read(bytes)
            : Failed(new ValidationProblem(ValidationCodes.MalformedJson, error!));
    }

    public static ElsaReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        var node = JsonText.Parse(utf8Json, out var parseProblem);
        if (parseProblem is not null)
        {
            return Failed(parseProblem);
        }

        if (node is not JsonObject top)
        {
            return Failed(new ValidationProblem(ValidationCodes.InvalidStructure, $"A workflow definition must be a JSON object, not {JsonAccess.Describe(node)}."));
        }

        var problems = new List<ValidationProblem>();
        var model = BuildModel(Unwrap(top, problems), problems);
        return new ElsaReadResult { Model = model, Problems = problems };
    }

    private static ElsaReadResult Failed(ValidationProblem problem) => new() { Problems = [problem] };

    private static JsonObject Unwrap(JsonObject top, List<ValidationProblem> problems)
    {
        if (top.ContainsKey("root"))
        {
            return top;
        }

        foreach (var wrapper in WrapperProperties)
        {
            if (top[wrapper] is JsonObject inner && inner.ContainsKey("root"))
            {
                top.Remove(wrapper);
                problems.Add(new ValidationProblem(
                    ValidationCodes.WrappedDocument,
                    $"The definition was wrapped in '{wrapper}'; only the definition was read" +
                    (top.Count > 0 ? $" (ignored: {string.Join(", ", top.Select(p => p.Key))})." : "."),
                    Field: wrapper,
                    Severity: ValidationSeverity.Warning));
                return inner;
            }
        }

        return top;
    }

    private static WorkflowModel? BuildModel(JsonObject document, List<ValidationProblem> problems)
    {
        var definitionId = ReadOrFill(document, "definitionId", ElsaFormat.NewId, afterProperty: "id", problems);
        var name = ReadOrFill(document, "name", () => ElsaFormat.UntitledName, afterProperty: "definitionId", problems);
        var description = ReadOptionalString(document, "description", "description", problems);
        var version = ReadVersion(document["version"], "version", nodeId: null, problems);
        var variables = ReadVariables(document["variables"], problems);

        var root = ReadRoot(document, problems);
        if (root is null)
        {
            return null;
        }

        return new WorkflowModel
        {
            Document = document,
            DefinitionId = definitionId,
            Name = name,
            Description = description,
            Version = version,
            Variables = variables,
            Root = root,
        };
    }

    private static FlowchartModel? ReadRoot(JsonObject document, List<ValidationProblem> problems)
    {
        if (document["root"] is not JsonObject root)
        {
            problems.Add(Structure($"The definition must have a 'root' object (an {ElsaFormat.FlowchartType}), not {JsonAccess.Describe(document["root"])}.", "root"));
            return null;
        }

        var type = JsonAccess.AsString(root["type"]);
        if (type != ElsaFormat.FlowchartType)
        {
            problems.Add(Structure(
                type is null
                    ? $"The root activity must have type '{ElsaFormat.FlowchartType}'; its type is {JsonAccess.Describe(root["type"])}."
                    : $"The root activity must be an '{ElsaFormat.FlowchartType}', not '{type}'.",
                "root.type"));
            return null;
        }

        var id = ReadOrFill(root, "id", ElsaFormat.NewId, afterProperty: null, problems, fieldPrefix: "root.");
        return new FlowchartModel
        {
            Id = id,
            Activities = ReadActivities(root["activities"], problems),
            Connections = ReadConnections(root["connections"], problems),
        };
    }

    private static List<ActivityModel> ReadActivities(JsonNode? node, List<ValidationProblem> problems)
    {
        var activities = new List<ActivityModel>();
        if (node is null)
        {
            return activities;
        }

        if (node is not JsonArray items)
        {
            problems.Add(Structure($"'root.activities' must be an array, not {JsonAccess.Describe(node)}.", "root.activities"));
            return activities;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"root.activities[{i}]";
            if (items[i] is not JsonObject item)
            {
                problems.Add(Structure($"Activity {i} must be an object, not {JsonAccess.Describe(items[i])}.", field));
                continue;
            }

            var id = JsonAccess.AsString(item["id"]);
            if (string.IsNullOrEmpty(id))
            {
                problems.Add(Structure($"Activity {i} must have an 'id' string, not {JsonAccess.Describe(item["id"])}.", field + ".id"));
                continue;
            }

            var type = JsonAccess.AsString(item["type"]);
            if (string.IsNullOrEmpty(type))
            {
                problems.Add(Structure($"Activity '{id}' must have a 'type' string, not {JsonAccess.Describe(item["type"])}.", field + ".type", id));
            }
            else if (type == ElsaFormat.FlowchartType)
            {
                problems.Add(new ValidationProblem(
                    ValidationCodes.NestedFlowchart,
                    $"Activity '{id}' is a flowchart inside the flowchart; nested flowcharts are not supported yet. It is kept as it is but cannot run.",
                    id,
                    field + ".type"));
            }

            activities.Add(new ActivityModel
            {
                Id = id,
                Type = type ?? "",
                Version = ReadVersion(item["version"], field + ".version", id, problems),
                Name = ReadOptionalString(item, "name", field + ".name", problems, id),
                Json = item,
                Position = ReadPosition(item),
            });
        }

        return activities;
    }

    private static List<ConnectionModel> ReadConnections(JsonNode? node, List<ValidationProblem> problems)
    {
        var connections = new List<ConnectionModel>();
        if (node is null)
        {
            return connections;
        }

        if (node is not JsonArray items)
        {
            problems.Add(Structure($"'root.connections' must be an array, not {JsonAccess.Describe(node)}.", "root.connections"));
            return connections;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"root.connections[{i}]";
            if (items[i] is not JsonObject item)
            {
                problems.Add(Structure($"Connection {i} must be an object, not {JsonAccess.Describe(items[i])}.", field));
                continue;
            }

            var connection = ConnectionShapes.ReadAndNormalize(item, out var error);
            if (connection is null)
            {
                problems.Add(Structure($"Connection {i}: {error!.Value.Message}", $"{field}.{error.Value.Field}"));
                continue;
            }

            connections.Add(connection);
        }

        return connections;
    }

    private static List<VariableModel> ReadVariables(JsonNode? node, List<ValidationProblem> problems)
    {
        var variables = new List<VariableModel>();
        if (node is null)
        {
            return variables;
        }

        if (node is not JsonArray items)
        {
            problems.Add(Structure($"'variables' must be an array, not {JsonAccess.Describe(node)}.", "variables"));
            return variables;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"variables[{i}]";
            if (items[i] is not JsonObject item)
            {
                problems.Add(Structure($"Variable {i} must be an object, not {JsonAccess.Describe(items[i])}.", field));
                continue;
            }

            var name = JsonAccess.AsString(item["name"]);
            if (string.IsNullOrEmpty(name))
            {
                problems.Add(Structure($"Variable {i} must have a 'name' string, not {JsonAccess.Describe(item["name"])}.", field + ".name"));
                continue;
            }

            // Elsa refers to variables by id; hand-written files often give only a name.
            var id = JsonAccess.AsString(item["id"]) is { Length: > 0 } given ? given : name;
            var typeName = JsonAccess.AsString(item["typeName"]) is { Length: > 0 } typed ? typed : "Object";
            variables.Add(new VariableModel(id, name, typeName, item["value"]));
        }

        return variables;
    }

    /// <summary>The string at <paramref name="property"/>; when it is missing, null or empty, a new value that is also written into the document.</summary>
    private static string ReadOrFill(JsonObject owner, string property, Func<string> create, string? afterProperty, List<ValidationProblem> problems, string fieldPrefix = "")
    {
        var node = owner[property];
        if (JsonAccess.AsString(node) is { Length: > 0 } value)
        {
            return value;
        }

        var created = create();
        if (owner.ContainsKey(property) && (node is null || JsonAccess.IsString(node)))
        {
            owner[property] = created;
        }
        else if (node is null)
        {
            var index = afterProperty is null ? -1 : owner.IndexOf(afterProperty);
            owner.Insert(index + 1, property, created);
        }
        else
        {
            problems.Add(Structure($"'{fieldPrefix}{property}' must be a string, not {JsonAccess.Describe(node)}.", fieldPrefix + property));
        }

        return created;
    }

    private static string? ReadOptionalString(JsonObject owner, string property, string field, List<ValidationProblem> problems, string? nodeId = null)
    {
        var node = owner[property];
        if (node is null || JsonAccess.IsString(node))
        {
            return JsonAccess.AsString(node);
        }

        problems.Add(Structure($"'{property}' must be a string, not {JsonAccess.Describe(node)}.", field, nodeId));
        return null;
    }

    private static int ReadVersion(JsonNode? node, string field, string? nodeId, List<ValidationProblem> problems)
    {
        if (node is null)
        {
            return 1;
        }

        if (JsonAccess.TryInt(node, out var version) && version >= 0)
        {
            return version;
        }

        problems.Add(Structure($"'version' must be a whole number of at least 0, not {JsonAccess.Describe(node)} ({Truncate(node.ToJsonString())}).", field, nodeId));
        return 1;
    }

    private static (double X, double Y)? ReadPosition(JsonObject activity)
    {
        // The designer lays out nodes without a usable position again, so a bad one is not worth a problem.
        var position = (activity["metadata"] as JsonObject)?["designer"] is JsonObject designer ? designer["position"] as JsonObject : null;
        return position is not null && JsonAccess.TryFiniteDouble(position["x"], out var x) && JsonAccess.TryFiniteDouble(position["y"], out var y)
            ? (x, y)
            : null;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static ValidationProblem Structure(string message, string field, string? nodeId = null) =>
        new(ValidationCodes.InvalidStructure, message, nodeId, field);
}
