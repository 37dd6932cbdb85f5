using AutomationServer.Sdk.Activities;

namespace AutomationPlugins.Email.Activities;

/// <summary>
/// What a template sees as <c>data</c>: the workflow input (for an event-started journey: contactId, name, occurredAt
/// and properties), the event's properties again at the top level (<c>data.items</c> rather than
/// <c>data.properties.items</c>), then the journey variables, which win over both.
/// </summary>
internal static class MessageData
{
    public const string PropertiesKey = "properties";

    public static Dictionary<string, object?> From(ActivityContext context)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in context.WorkflowInput)
        {
            data[name] = value;
        }

        if (context.WorkflowInput.GetValueOrDefault(PropertiesKey) is IEnumerable<KeyValuePair<string, object?>> properties)
        {
            foreach (var (name, value) in properties)
            {
                data.TryAdd(name, value);
            }
        }

        foreach (var (name, value) in context.JourneyVariables)
        {
            data[name] = value;
        }

        return data;
    }
}
