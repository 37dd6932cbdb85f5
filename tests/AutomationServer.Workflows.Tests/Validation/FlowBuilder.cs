using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.ElsaJson;

namespace AutomationServer.Workflows.Tests.Validation;

/// <summary>Builds small Elsa-shaped definitions for validator tests and reads them through the real reader.</summary>
public sealed class FlowBuilder
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];
    private readonly JsonArray _outputs = [];

    public FlowBuilder Add(string id, string type, params (string Name, JsonNode? Value)[] properties) => Add(id, type, 1, properties);

    public FlowBuilder Add(string id, string type, int version, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = version };
        foreach (var (name, value) in properties)
        {
            activity[name] = value?.DeepClone();
        }

        _activities.Add(activity);
        return this;
    }

    public FlowBuilder Connect(string from, string port, string to)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
        });
        return this;
    }

    public FlowBuilder Variable(string id, string name)
    {
        _variables.Add(new JsonObject { ["id"] = id, ["name"] = name, ["typeName"] = "Object", ["isArray"] = false });
        return this;
    }

    public FlowBuilder WorkflowOutput(string name)
    {
        _outputs.Add(new JsonObject { ["type"] = "Object", ["name"] = name, ["displayName"] = name });
        return this;
    }

    public WorkflowModel Build()
    {
        var document = new JsonObject
        {
            ["definitionId"] = "0000000000000001",
            ["name"] = "Test",
            ["variables"] = _variables.DeepClone(),
            ["outputs"] = _outputs.DeepClone(),
            ["root"] = new JsonObject
            {
                ["id"] = "root",
                ["type"] = ElsaFormat.FlowchartType,
                ["activities"] = _activities.DeepClone(),
                ["connections"] = _connections.DeepClone(),
            },
        };
        var result = ElsaJsonReader.Read(document.ToJsonString());
        Assert.Empty(result.Problems);
        return result.Model!;
    }

    public static (string, JsonNode?) Expression(string input, string syntax, string value) =>
        (input, new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value } });

    public static (string, JsonNode?) Literal(string input, string value) => Expression(input, "Literal", value);

    public static (string, JsonNode?) BoundTo(string output, string variable) =>
        (output, new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } });
}
