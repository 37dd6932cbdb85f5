using System.Text.Json.Nodes;

namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>Writes Elsa 3 workflow-definition JSON for tests, in the shape Elsa Studio exports.</summary>
public sealed class FlowBuilder(string definitionId, string name = "Test flow")
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];
    private int _x;

    public static JsonObject Literal(object? value) => Wrap("Literal", JsonValue.Create(value));

    public static JsonObject JavaScript(string code) => Wrap("JavaScript", JsonValue.Create(code));

    public static JsonObject Liquid(string template) => Wrap("Liquid", JsonValue.Create(template));

    public static JsonObject OutputTo(string variableId) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variableId } };

    public FlowBuilder Activity(string id, string type, JsonObject? inputs = null)
    {
        var activity = inputs?.DeepClone().AsObject() ?? [];
        activity["id"] = id;
        activity["nodeId"] = $"Workflow1:flowchart1:{id}";
        activity["name"] = id;
        activity["type"] = type;
        activity["version"] = 1;
        activity["customProperties"] = new JsonObject();
        activity["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = _x += 200, ["y"] = 100 } } };
        _activities.Add(activity);
        return this;
    }

    public FlowBuilder Connect(string source, string port, string target)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return this;
    }

    public FlowBuilder Variable(string id, string variableName, string typeName, string? value)
    {
        _variables.Add(new JsonObject { ["id"] = id, ["name"] = variableName, ["typeName"] = typeName, ["isArray"] = false, ["value"] = value });
        return this;
    }

    public string ToJson() => new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString("N")[..16],
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["version"] = 1,
        ["variables"] = _variables.DeepClone(),
        ["inputs"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
        ["outcomes"] = new JsonArray(),
        ["customProperties"] = new JsonObject(),
        ["isLatest"] = true,
        ["isPublished"] = false,
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["id"] = "flowchart1",
            ["nodeId"] = "Workflow1:flowchart1",
            ["metadata"] = new JsonObject(),
            ["customProperties"] = new JsonObject(),
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    }.ToJsonString();

    private static JsonObject Wrap(string type, JsonNode? value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
}
