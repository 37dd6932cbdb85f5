using System.Text.Json.Nodes;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Journeys;

/// <summary>Journeys for the entry and exit rule tests, as Elsa JSON with <c>customProperties.journey</c>.</summary>
internal static class JourneyFlows
{
    /// <summary>cart_abandoned (Elsa.Event) → wait 4h → email (a WriteLine standing in for the send).</summary>
    public static string CartRecovery(string definitionId, JsonObject? journey) =>
        WithJourney(new FlowBuilder(definitionId, "Cart recovery")
            .Activity("abandoned", "Elsa.Event", new JsonObject { ["eventName"] = FlowBuilder.Literal("cart_abandoned") })
            .Activity("wait", "Elsa.Delay", new JsonObject { ["timeSpan"] = FlowBuilder.Literal("04:00:00") })
            .Activity("email", "Elsa.WriteLine", new JsonObject { ["text"] = FlowBuilder.Literal("Your cart misses you") })
            .Connect("abandoned", "Done", "wait")
            .Connect("wait", "Done", "email")
            .ToJson(), journey);

    public static string WithJourney(string json, JsonObject? journey)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        if (journey is not null)
        {
            document["customProperties"] = new JsonObject { ["journey"] = journey };
        }

        return document.ToJsonString();
    }

    public static JsonObject Entry(string mode, string? period = null)
    {
        var entry = new JsonObject { ["mode"] = mode };
        if (period is not null)
        {
            entry["period"] = period;
        }

        return new JsonObject { ["entry"] = entry };
    }
}
