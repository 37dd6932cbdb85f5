using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// One instance held in memory while the runner advances it: its record, its decoded state, and
/// the changes (bookmarks, incidents) that the next commit must write together with it.
/// </summary>
internal sealed class WorkflowExecution
{
    public WorkflowExecution(WorkflowBlueprint blueprint, WorkflowInstanceRecord record, InstanceState state, bool isNew)
    {
        Blueprint = blueprint;
        Record = record;
        State = state;
        IsNew = isNew;
    }

    public WorkflowBlueprint Blueprint { get; }

    public WorkflowInstanceRecord Record { get; }

    public InstanceState State { get; }

    public bool IsNew { get; }

    public List<BookmarkRecord> NewBookmarks { get; } = [];

    public List<Guid> ConsumedBookmarkIds { get; } = [];

    public List<Guid> RemovedBookmarkIds { get; } = [];

    public List<IncidentRecord> NewIncidents { get; } = [];

    public List<IncidentRecord> UpdatedIncidents { get; } = [];

    /// <summary>Outbox rows queued by activities that completed in this run.</summary>
    public List<MessageRecord> QueuedMessages { get; } = [];

    /// <summary>The journey entry a new instance's commit writes with it (see <c>JourneyEntryGate</c>); null when its entry is not limited.</summary>
    public JourneyEntryClaim? EntryClaim { get; set; }

    /// <summary>The occasion the instance was started for (see <see cref="Stimulus.EntryKey"/>), checked again after a conflict.</summary>
    public string? EntryKey { get; set; }

    /// <summary>False for a new instance whose commit was given up (its entry rule declined it after a conflict).</summary>
    public bool Committed { get; set; } = true;

    /// <summary>An End activity (or a cancellation) ended the instance during this run.</summary>
    public bool Completed { get; set; }

    /// <summary>Incidents that used up their automatic retries during this run.</summary>
    public bool HasExhaustedIncident { get; set; }

    public void AddBookmark(BookmarkRecord bookmark, string? group = null)
    {
        NewBookmarks.Add(bookmark);
        State.Bookmarks.Add(new HeldBookmark(bookmark.Id, bookmark.ActivityId, group));
    }

    /// <summary>The bookmark was resumed: it must still exist when the commit deletes it.</summary>
    public void ConsumeBookmark(Guid bookmarkId)
    {
        State.Bookmarks.RemoveAll(b => b.Id == bookmarkId);
        ConsumedBookmarkIds.Add(bookmarkId);
    }

    /// <summary>Drops held bookmarks that match; ones created in this run are simply never written.</summary>
    public void RemoveBookmarks(Func<HeldBookmark, bool> predicate)
    {
        foreach (var held in State.Bookmarks.Where(predicate).ToList())
        {
            State.Bookmarks.Remove(held);
            if (NewBookmarks.RemoveAll(b => b.Id == held.Id) == 0)
            {
                RemovedBookmarkIds.Add(held.Id);
            }
        }
    }

    /// <summary>How many messages the node queued in this instance before (see <see cref="MessageIds"/>).</summary>
    public int MessageSequence(string activityId) => State.MessageSequences?.GetValueOrDefault(activityId) ?? 0;

    /// <summary>Keeps the messages of an activity run that completed; a faulted run's messages are never kept.</summary>
    public void AcceptMessages(string activityId, List<MessageRecord> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        QueuedMessages.AddRange(messages);
        (State.MessageSequences ??= new Dictionary<string, int>(StringComparer.Ordinal))[activityId] = MessageSequence(activityId) + messages.Count;
    }

    public void AppendJournal(string activityId, string result, DateTimeOffset at, int capacity)
    {
        State.Journal.Add(new JournalEntry(activityId, result, at.ToUnixTimeMilliseconds()));
        var excess = State.Journal.Count - capacity;
        if (excess > 0)
        {
            State.Journal.RemoveRange(0, excess);
            State.JournalDropped += excess;
        }
    }

    /// <summary>Adds everything this execution changed to <paramref name="commit"/>, encoding the state.</summary>
    public void WriteTo(WorkflowCommit commit, DateTime nowUtc)
    {
        Record.State = StateJson.Serialize(State);
        Record.UpdatedAt = nowUtc;
        (IsNew ? commit.NewInstances : commit.UpdatedInstances).Add(Record);
        commit.NewBookmarks.AddRange(NewBookmarks);
        commit.ConsumedBookmarkIds.AddRange(ConsumedBookmarkIds);
        commit.RemovedBookmarkIds.AddRange(RemovedBookmarkIds);
        commit.NewIncidents.AddRange(NewIncidents);
        commit.UpdatedIncidents.AddRange(UpdatedIncidents);
        commit.NewMessages.AddRange(QueuedMessages);
        if (EntryClaim is not null && !commit.JourneyEntries.Contains(EntryClaim))
        {
            commit.JourneyEntries.Add(EntryClaim);
        }
    }
}

/// <summary>One unit of work for the runner: run a node, resume it from a bookmark, or retry it after a fault.</summary>
internal readonly record struct WorkItem(FlowNode Node, WorkKind Kind, FlowNode? From = null, StimulusInfo? Stimulus = null,
    IReadOnlyDictionary<string, string>? BookmarkData = null, IncidentRecord? Incident = null, string? BookmarkGroup = null);

internal enum WorkKind
{
    Execute,
    Resume,
    Retry,
}
