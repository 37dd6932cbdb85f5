using System.Globalization;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Journeys;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// Advances one instance in memory until every branch has ended or waits. It touches no database:
/// the caller commits what the <see cref="WorkflowExecution"/> collected, so a crash before the
/// commit leaves the instance exactly as it was and the step runs again.
/// </summary>
public sealed class WorkflowRunner(
    IExpressionEvaluator evaluator,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowRunner> logger)
{
    private const string RetryIncidentKey = "incident";

    /// <summary>The workflow output under which an exit or goal condition that ended the instance is recorded.</summary>
    public const string ExitOutput = "exit";
    private readonly WorkflowEngineOptions _options = options.Value;

    internal WorkflowExecution NewInstance(WorkflowBlueprint blueprint, string? correlationId, IReadOnlyDictionary<string, object?>? input)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var state = new InstanceState
        {
            Input = input is { Count: > 0 } ? new Dictionary<string, object?>(input, StringComparer.Ordinal) : null,
        };
        foreach (var variable in blueprint.Model.Variables)
        {
            state.Variables[variable.Name] = VariableValues.Initial(variable);
        }

        var record = new WorkflowInstanceRecord
        {
            Id = Guid.CreateVersion7(),
            DefinitionId = blueprint.DefinitionId,
            DefinitionVersionId = blueprint.VersionId,
            DefinitionVersion = blueprint.Version,
            CorrelationId = correlationId,
            Status = InstanceStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return new WorkflowExecution(blueprint, record, state, isNew: true);
    }

    internal static WorkflowExecution Load(WorkflowBlueprint blueprint, WorkflowInstanceRecord record) =>
        new(blueprint, record, StateJson.Deserialize(record.State), isNew: false);

    /// <summary>Starts at the trigger node that matched a stimulus, or at the blueprint's entry nodes.</summary>
    internal Task StartAsync(WorkflowExecution execution, string? triggerActivityId, StimulusInfo? stimulus, CancellationToken cancellationToken)
    {
        IEnumerable<WorkItem> items = triggerActivityId is not null && execution.Blueprint.Nodes.TryGetValue(triggerActivityId, out var trigger)
            ? [new WorkItem(trigger, WorkKind.Execute, Stimulus: stimulus)]
            : execution.Blueprint.EntryNodes.Select(node => new WorkItem(node, WorkKind.Execute));
        return RunAsync(execution, items, cancellationToken);
    }

    /// <summary>Resumes the instance at a bookmark it holds (a stimulus, a due timer, or a retry back-off).</summary>
    internal Task ResumeAsync(WorkflowExecution execution, BookmarkRecord bookmark, StimulusInfo? stimulus, IReadOnlyList<IncidentRecord> openIncidents, CancellationToken cancellationToken)
    {
        var group = execution.State.Bookmarks.FirstOrDefault(b => b.Id == bookmark.Id)?.Group;
        execution.ConsumeBookmark(bookmark.Id);
        if (!execution.Blueprint.Nodes.TryGetValue(bookmark.ActivityId, out var node))
        {
            // The bookmark points at a node this version does not have: nothing to resume.
            return RunAsync(execution, [], cancellationToken);
        }

        var data = StateJson.DeserializeData(bookmark.Data);
        if (bookmark.Stimulus == BuiltIn.RetryStimulus)
        {
            var incidentId = data?.GetValueOrDefault(RetryIncidentKey);
            var incident = openIncidents.FirstOrDefault(i => i.Id.ToString() == incidentId);
            return RunAsync(execution, [new WorkItem(node, WorkKind.Retry, Incident: incident)], cancellationToken);
        }

        return RunAsync(execution, [new WorkItem(node, WorkKind.Resume, Stimulus: stimulus, BookmarkData: data, BookmarkGroup: group)], cancellationToken);
    }

    /// <summary>Runs a faulted node again now (an operator's retry), keeping its incident's attempt count.</summary>
    internal Task RetryAsync(WorkflowExecution execution, IncidentRecord incident, CancellationToken cancellationToken)
    {
        execution.RemoveBookmarks(b => b.ActivityId == incident.ActivityId && execution.Blueprint.Nodes.ContainsKey(b.ActivityId));
        return execution.Blueprint.Nodes.TryGetValue(incident.ActivityId, out var node)
            ? RunAsync(execution, [new WorkItem(node, WorkKind.Retry, Incident: incident)], cancellationToken)
            : RunAsync(execution, [], cancellationToken);
    }

    /// <summary>Ends the instance as cancelled: every wait removed, open incidents closed.</summary>
    internal void Cancel(WorkflowExecution execution, IReadOnlyList<IncidentRecord> openIncidents)
    {
        var now = clock.GetUtcNow();
        execution.RemoveBookmarks(_ => true);
        foreach (var incident in openIncidents)
        {
            incident.Status = IncidentStatus.Cancelled;
            incident.UpdatedAt = now.UtcDateTime;
            execution.UpdatedIncidents.Add(incident);
        }

        execution.Record.IncidentCount = 0;
        execution.Record.Status = InstanceStatus.Cancelled;
        execution.Record.FinishedAt = now.UtcDateTime;
        execution.Completed = true;
    }

    /// <summary>
    /// Ends the instance because an exit or goal condition holds: finished, every wait removed, open incidents closed,
    /// and the condition recorded as the output <c>exit</c> (<c>{"name", "outcome"}</c>).
    /// </summary>
    internal void Exit(WorkflowExecution execution, JourneyExitHit hit, IReadOnlyList<IncidentRecord> openIncidents)
    {
        var now = clock.GetUtcNow();
        Cancel(execution, openIncidents);
        execution.State.Output ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        execution.State.Output[ExitOutput] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = hit.Condition.Name,
            ["outcome"] = hit.Condition.Outcome == JourneyExitOutcome.Goal ? "goal" : "exit",
            ["at"] = now.UtcDateTime,
        };
        execution.State.Joins = null;
        execution.Record.Status = InstanceStatus.Finished;
        logger.LogInformation("Instance {InstanceId} of {DefinitionId} ended by its {Outcome} condition {Condition}",
            execution.Record.Id, execution.Record.DefinitionId, hit.Condition.Outcome, hit.Condition.Name);
    }

    private async Task RunAsync(WorkflowExecution execution, IEnumerable<WorkItem> initial, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["InstanceId"] = execution.Record.Id,
            ["DefinitionId"] = execution.Record.DefinitionId,
        });

        execution.Record.Status = InstanceStatus.Running;
        var queue = new Queue<WorkItem>(initial);
        var steps = 0;
        while (queue.Count > 0 && !execution.Completed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = queue.Dequeue();
            if (++steps > _options.MaxStepsPerRun)
            {
                Fault(execution, item, new InvalidOperationException($"More than {_options.MaxStepsPerRun} activities ran without waiting; the flow loops without a wait."), exhausted: true);
                break;
            }

            if (item.Node.Model.Type == BuiltIn.FlowJoinType && item.Kind == WorkKind.Execute && !JoinFires(execution, item))
            {
                continue;
            }

            var result = await ExecuteAsync(execution, item, cancellationToken);
            if (result is null)
            {
                continue;
            }

            var now = clock.GetUtcNow();
            if (item.BookmarkGroup is { } finished && !result.IsSuspended)
            {
                // The wait is over: its other bookmarks (the timeout of an event wait, say) must not resume it again.
                execution.RemoveBookmarks(held => held.Group == finished);
            }

            if (result.CompletesWorkflow)
            {
                execution.AppendJournal(item.Node.Id, "$", now, _options.JournalCapacity);
                execution.RemoveBookmarks(_ => true);
                execution.Completed = true;
                break;
            }

            if (result.IsSuspended)
            {
                var group = item.BookmarkGroup ?? (result.Bookmarks.Count > 1 ? Guid.NewGuid().ToString("N") : null);
                foreach (var request in result.Bookmarks)
                {
                    execution.AddBookmark(CreateBookmark(execution, item.Node, request, now), group);
                }

                execution.AppendJournal(item.Node.Id, "~", now, _options.JournalCapacity);
                continue;
            }

            execution.AppendJournal(item.Node.Id, string.Join(',', result.Outcomes), now, _options.JournalCapacity);
            foreach (var port in result.Outcomes)
            {
                foreach (var next in item.Node.Next(port))
                {
                    queue.Enqueue(new WorkItem(next, WorkKind.Execute, From: item.Node));
                }
            }
        }

        SetFinalStatus(execution);
    }

    /// <summary>Runs one activity; null when it faulted (the fault is recorded and the branch stops).</summary>
    private async ValueTask<ActivityResult?> ExecuteAsync(WorkflowExecution execution, WorkItem item, CancellationToken cancellationToken)
    {
        var node = item.Node;
        try
        {
            var activity = node.Activity
                ?? throw new InvalidOperationException($"Activity type '{node.Model.Type}' version {node.Model.Version} is not available on this server (is its plugin installed and active?).");
            var context = new ActivityExecutionContext(execution, node, item, evaluator, services, logger, clock.GetUtcNow(), cancellationToken);
            var result = item.Kind == WorkKind.Resume ? await activity.ResumeAsync(context) : await activity.ExecuteAsync(context);
            execution.AcceptMessages(node.Id, context.QueuedMessages);
            if (item.Incident is { Status: IncidentStatus.Open } incident)
            {
                Resolve(execution, incident);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: nothing of this run is committed, so the step runs again after the restart.
            throw;
        }
        catch (Exception ex)
        {
            Fault(execution, item, ex, exhausted: false);
            return null;
        }
    }

    private void Fault(WorkflowExecution execution, WorkItem item, Exception exception, bool exhausted)
    {
        var now = clock.GetUtcNow();
        var incident = item.Incident;
        if (incident is null)
        {
            incident = new IncidentRecord
            {
                Id = Guid.CreateVersion7(),
                InstanceId = execution.Record.Id,
                ActivityId = item.Node.Id,
                ActivityType = item.Node.Model.Type,
                Status = IncidentStatus.Open,
                CreatedAt = now.UtcDateTime,
            };
            execution.NewIncidents.Add(incident);
            execution.Record.IncidentCount++;
        }
        else if (!execution.UpdatedIncidents.Contains(incident) && !execution.NewIncidents.Contains(incident))
        {
            execution.UpdatedIncidents.Add(incident);
        }

        incident.Attempts++;
        incident.Message = exception.Message;
        incident.ExceptionType = exception.GetType().FullName;
        incident.Details = exception.ToString();
        incident.UpdatedAt = now.UtcDateTime;
        execution.AppendJournal(item.Node.Id, "!", now, _options.JournalCapacity);
        logger.LogWarning(exception, "Activity {ActivityId} ({ActivityType}) faulted, attempt {Attempt}", item.Node.Id, item.Node.Model.Type, incident.Attempts);

        if (exhausted || incident.Attempts > _options.Retry.MaxAttempts)
        {
            execution.HasExhaustedIncident = true;
            return;
        }

        var retry = new BookmarkRequest
        {
            Stimulus = BuiltIn.RetryStimulus,
            DueAt = now + _options.Retry.DelayFor(incident.Attempts),
            Data = new Dictionary<string, string> { [RetryIncidentKey] = incident.Id.ToString() },
        };
        execution.AddBookmark(CreateBookmark(execution, item.Node, retry, now));
    }

    private void Resolve(WorkflowExecution execution, IncidentRecord incident)
    {
        incident.Status = IncidentStatus.Resolved;
        incident.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!execution.UpdatedIncidents.Contains(incident) && !execution.NewIncidents.Contains(incident))
        {
            execution.UpdatedIncidents.Add(incident);
        }

        execution.Record.IncidentCount = Math.Max(0, execution.Record.IncidentCount - 1);
    }

    /// <summary>
    /// Records an arrival at a join and says whether the join continues now. WaitAll continues once
    /// every inbound node has arrived; WaitAny continues on the first arrival (or when the same branch
    /// comes round again in a loop) and cancels waits on the other inbound branches.
    /// </summary>
    private bool JoinFires(WorkflowExecution execution, WorkItem item)
    {
        var join = item.Node;
        var from = item.From?.Id ?? "";
        var joins = execution.State.Joins ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!joins.TryGetValue(join.Id, out var arrived))
        {
            joins[join.Id] = arrived = [];
        }

        var mode = join.Activity is FlowJoin flowJoin && flowJoin.Mode.Expression?.Value is string text ? text : FlowJoin.WaitAny;
        if (string.Equals(mode, FlowJoin.WaitAll, StringComparison.OrdinalIgnoreCase))
        {
            if (!arrived.Contains(from))
            {
                arrived.Add(from);
            }

            if (!join.Inbound.All(inbound => arrived.Contains(inbound.Id)))
            {
                return false;
            }

            joins.Remove(join.Id);
            if (joins.Count == 0)
            {
                execution.State.Joins = null;
            }

            return true;
        }

        if (arrived.Count > 0 && !arrived.Contains(from))
        {
            arrived.Add(from);
            return false;
        }

        arrived.Clear();
        arrived.Add(from);
        var upstreamOfOthers = join.Ancestors;
        execution.RemoveBookmarks(held => upstreamOfOthers.Contains(held.ActivityId) && held.ActivityId != from);
        return true;
    }

    private static BookmarkRecord CreateBookmark(WorkflowExecution execution, FlowNode node, BookmarkRequest request, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        InstanceId = execution.Record.Id,
        ActivityId = node.Id,
        Stimulus = request.Stimulus,
        Hash = request.Key is null && request.DueAt is not null ? null : StimulusHasher.Hash(request.Stimulus, request.Key),
        CorrelationId = execution.Record.CorrelationId,
        DueAt = request.DueAt?.UtcDateTime,
        Data = request.Data is { Count: > 0 } ? StateJson.SerializeData(request.Data) : null,
        CreatedAt = now.UtcDateTime,
    };

    private void SetFinalStatus(WorkflowExecution execution)
    {
        var record = execution.Record;
        if (record.Status == InstanceStatus.Cancelled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (execution.Completed || (execution.State.Bookmarks.Count == 0 && !execution.HasExhaustedIncident && record.IncidentCount == 0))
        {
            record.Status = InstanceStatus.Finished;
            record.FinishedAt = now;
            execution.State.Joins = null;
            return;
        }

        record.Status = execution.HasExhaustedIncident || (record.IncidentCount > 0 && execution.State.Bookmarks.Count == 0)
            ? InstanceStatus.Faulted
            : InstanceStatus.Suspended;
    }
}

/// <summary>Initial values of declared variables: Elsa writes them as text, typed by <c>typeName</c>.</summary>
internal static class VariableValues
{
    public static object? Initial(VariableModel variable)
    {
        var value = InputJson.ToClr(variable.Value);
        if (value is not string text)
        {
            return value;
        }

        return variable.TypeName switch
        {
            "Int32" or "Int64" or "Int16" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            "Double" or "Single" or "Decimal" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            "Boolean" when bool.TryParse(text, out var b) => b,
            _ => text,
        };
    }
}
