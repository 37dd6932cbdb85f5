using System.Globalization;
using System.Text.Json.Nodes;

namespace AutomationServer.DesignerBench;

/// <summary>A valid journey of any size: an event trigger, then a chain of messages, delays and decisions laid out in rows.</summary>
internal static class LargeJourney
{
    public const string DefinitionId = "designer-bench-journey";
    private const int Columns = 10;

    public static string Create(int nodes)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        for (var i = 0; i < nodes; i++)
        {
            var id = "n" + i.ToString(CultureInfo.InvariantCulture);
            var (type, inputs, port) = (i % 10) switch
            {
                0 when i == 0 => ("Elsa.Event", new JsonObject { ["eventName"] = Literal("String", "bench_signup") }, "Done"),
                5 => ("Elsa.FlowDecision", new JsonObject { ["condition"] = new JsonObject { ["typeName"] = "Boolean", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "true" } } }, "True"),
                3 or 7 => ("Elsa.Delay", new JsonObject { ["timeSpan"] = Literal("TimeSpan", "00:10:00") }, "Done"),
                _ => ("Elsa.WriteLine", new JsonObject { ["text"] = Literal("String", "Step " + id) }, "Done"),
            };
            var activity = inputs;
            activity["id"] = id;
            activity["type"] = type;
            activity["version"] = 1;
            activity["name"] = "Step" + id;
            activity["customProperties"] = i == 0 ? new JsonObject { ["canStartWorkflow"] = true } : new JsonObject();
            activity["metadata"] = new JsonObject
            {
                ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = (i % Columns) * 260, ["y"] = (i / Columns) * 170 } },
            };
            activities.Add(activity);
            if (i + 1 < nodes)
            {
                connections.Add(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = id, ["port"] = port },
                    ["target"] = new JsonObject { ["activity"] = "n" + (i + 1).ToString(CultureInfo.InvariantCulture), ["port"] = "In" },
                });
            }
        }

        return new JsonObject
        {
            ["definitionId"] = DefinitionId,
            ["name"] = $"Benchmark journey ({nodes} nodes)",
            ["version"] = 1,
            ["variables"] = new JsonArray(),
            ["root"] = new JsonObject { ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = activities, ["connections"] = connections },
        }.ToJsonString();
    }

    private static JsonObject Literal(string typeName, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
}
