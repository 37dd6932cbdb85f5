using System.Text.Json.Serialization;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// What an instance carries between steps, stored as compact JSON in the instance row.
/// Short property names keep a waiting instance small (the target is under 1 KB per waiting
/// instance, row and indexes included).
/// </summary>
internal sealed class InstanceState
{
    [JsonPropertyName("v")]
    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("i")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, object?>? Input { get; set; }

    [JsonPropertyName("o")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, object?>? Output { get; set; }

    /// <summary>Join node id → the inbound sources that have arrived since the join last fired.</summary>
    [JsonPropertyName("jn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<string>>? Joins { get; set; }

    /// <summary>The bookmarks this instance currently holds, so a step knows them without a query.</summary>
    [JsonPropertyName("b")]
    public List<HeldBookmark> Bookmarks { get; set; } = [];

    [JsonPropertyName("j")]
    public List<JournalEntry> Journal { get; set; } = [];

    /// <summary>Journal entries dropped from the front because the journal reached its cap.</summary>
    [JsonPropertyName("jd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int JournalDropped { get; set; }

    /// <summary>Node id → how many messages it queued in this instance: the sequence part of <see cref="MessageIds"/>.</summary>
    [JsonPropertyName("mq")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, int>? MessageSequences { get; set; }
}

/// <param name="Group">
/// Set when one wait holds several bookmarks (an event or a timeout): when the activity continues from one of them,
/// the rest of the group is removed. Bookmarks an activity makes while resumed from a grouped one join its group.
/// </param>
internal sealed record HeldBookmark(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("a")] string ActivityId,
    [property: JsonPropertyName("g"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group = null);

/// <summary>One executed activity: node id, what it did (ports, "~" suspended, "!" faulted, "$" ended the workflow) and when.</summary>
internal sealed record JournalEntry(
    [property: JsonPropertyName("a")] string ActivityId,
    [property: JsonPropertyName("r")] string Result,
    [property: JsonPropertyName("t")] long UnixTimeMilliseconds);
