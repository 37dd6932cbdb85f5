using System.Text.Json.Nodes;

namespace AutomationServer.Designer.Tests.Infrastructure;

/// <summary>Elsa 3 workflow JSON for journeys the tests create through the API.</summary>
public sealed class JourneyDocument(string definitionId, string name)
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];

    public JourneyDocument Activity(string id, string type, double x, double y, JsonObject? properties = null)
    {
        var activity = properties ?? [];
        activity["id"] = id;
        activity["type"] = type;
        activity["version"] = 1;
        activity["name"] = id;
        activity["customProperties"] = type == "Elsa.Event" ? new JsonObject { ["canStartWorkflow"] = true } : new JsonObject();
        activity["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = x, ["y"] = y } } };
        _activities.Add(activity);
        return this;
    }

    public JourneyDocument Connect(string source, string port, string target)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return this;
    }

    public static JsonObject Literal(string typeName, JsonNode value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    public string ToJson() => new JsonObject
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["version"] = 1,
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    }.ToJsonString();
}
