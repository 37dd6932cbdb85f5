using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Workflows.Runtime;

/// <summary>An instance's stored state, decoded for people: variables, input, output and the journal.</summary>
public sealed record InstanceDetails(
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyDictionary<string, object?>? Input,
    IReadOnlyDictionary<string, object?>? Output,
    IReadOnlyList<JournalItem> Journal,
    int JournalEntriesDropped)
{
    /// <summary>Decodes the state; with the blueprint, journal entries also carry each node's type and name.</summary>
    public static InstanceDetails From(WorkflowInstanceRecord record, WorkflowBlueprint? blueprint)
    {
        var state = StateJson.Deserialize(record.State);
        var journal = state.Journal.Select(entry =>
        {
            var node = blueprint?.Nodes.GetValueOrDefault(entry.ActivityId);
            return new JournalItem(
                entry.ActivityId,
                node?.Model.Type,
                node?.Model.Name,
                Describe(entry.Result),
                entry.Result is "~" or "!" or "$" or "" ? [] : entry.Result.Split(','),
                DateTimeOffset.FromUnixTimeMilliseconds(entry.UnixTimeMilliseconds));
        }).ToList();
        return new InstanceDetails(state.Variables, state.Input, state.Output, journal, state.JournalDropped);
    }

    private static string Describe(string result) => result switch
    {
        "~" => "Suspended",
        "!" => "Faulted",
        "$" => "EndedWorkflow",
        _ => "Completed",
    };
}

/// <summary>One executed activity: what it was, how it ended (Completed, Suspended, Faulted, EndedWorkflow) and through which ports.</summary>
public sealed record JournalItem(string ActivityId, string? ActivityType, string? ActivityName, string Status, IReadOnlyList<string> Outcomes, DateTimeOffset At);
