using System.Text.Json;

namespace AutomationServer.Bench;

/// <summary>The journey the benchmarks run: event → JavaScript decision → persisted delay → write line.</summary>
internal static class Workload
{
    public const string DefinitionId = "bench-trial-signup";
    public const string EventName = "bench_signup";

    public static string Definition => $$"""
    {
      "definitionId": "{{DefinitionId}}",
      "name": "Benchmark: trial signup",
      "version": 1,
      "variables": [],
      "root": {
        "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
        "activities": [
          { "id": "signup", "type": "Elsa.Event", "version": 1, "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{EventName}}" } } },
          { "id": "isTrial", "type": "Elsa.FlowDecision", "version": 1, "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getInput('plan') === 'trial'" } } },
          { "id": "wait", "type": "Elsa.Delay", "version": 1, "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "01:00:00" } } },
          { "id": "welcome", "type": "Elsa.WriteLine", "version": 1, "text": { "typeName": "String", "expression": { "type": "Literal", "value": "welcome" } } },
          { "id": "other", "type": "Elsa.WriteLine", "version": 1, "text": { "typeName": "String", "expression": { "type": "Literal", "value": "not a trial" } } }
        ],
        "connections": [
          { "source": { "activity": "signup", "port": "Done" }, "target": { "activity": "isTrial", "port": "In" } },
          { "source": { "activity": "isTrial", "port": "True" }, "target": { "activity": "wait", "port": "In" } },
          { "source": { "activity": "isTrial", "port": "False" }, "target": { "activity": "other", "port": "In" } },
          { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "welcome", "port": "In" } }
        ]
      }
    }
    """;

    /// <summary>One batch of signup events for contacts <paramref name="first"/> onwards.</summary>
    public static string Batch(int first, int size)
    {
        var events = Enumerable.Range(first, size).Select(i => new
        {
            name = EventName,
            correlationId = $"contact-{i}",
            payload = new { plan = "trial", email = $"user{i}@example.com", company = "Example Ltd" },
        });
        return JsonSerializer.Serialize(events);
    }
}
