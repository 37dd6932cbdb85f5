using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Sdk.Activities;

/// <summary>Everything an executing activity may see and change. Implemented by the engine.</summary>
public abstract class ActivityContext
{
    public abstract string ActivityId { get; }

    public abstract string ActivityType { get; }

    public abstract Guid WorkflowInstanceId { get; }

    public abstract string DefinitionId { get; }

    public abstract int DefinitionVersion { get; }

    public abstract string? CorrelationId { get; }

    /// <summary>The engine's clock (controllable in tests). Use it instead of <see cref="DateTimeOffset.UtcNow"/>.</summary>
    public abstract DateTimeOffset Now { get; }

    public abstract IServiceProvider Services { get; }

    public abstract ILogger Logger { get; }

    public abstract CancellationToken CancellationToken { get; }

    /// <summary>
    /// Set when this execution was started by this activity's own trigger or continues one of its
    /// bookmarks: the stimulus that caused it.
    /// </summary>
    public abstract StimulusInfo? Stimulus { get; }

    /// <summary>Data stored with the bookmark being resumed (see <see cref="BookmarkRequest.Data"/>).</summary>
    public abstract IReadOnlyDictionary<string, string>? BookmarkData { get; }

    /// <summary>Evaluates an input: its literal, or its expression against the workflow's variables and input.</summary>
    public abstract T? Get<T>(Input<T>? input);

    /// <summary>Evaluates an expression held in an input's value (e.g. the condition of a switch case).</summary>
    public abstract T? Evaluate<T>(Expression expression);

    /// <summary>Stores an output value in the variable the node bound it to (nothing when unbound).</summary>
    public abstract void Set<T>(Output<T>? output, T? value);

    /// <summary>True when the node's port leads somewhere (e.g. to choose between a failure port and faulting).</summary>
    public abstract bool HasConnection(string port);

    public abstract object? GetVariable(string name);

    public abstract void SetVariable(string name, object? value);

    /// <summary>The journey's variables by name (e.g. to hand them all to a message template).</summary>
    public virtual IReadOnlyDictionary<string, object?> JourneyVariables => NoVariables;

    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

    /// <summary>The workflow's input (for event-started workflows: the event payload).</summary>
    public abstract IReadOnlyDictionary<string, object?> WorkflowInput { get; }

    public abstract void SetWorkflowOutput(string name, object? value);

    /// <summary>
    /// Puts a message in the outbox. It is stored in the same transaction as this step and sent after the step
    /// commits, exactly once: if the activity faults, or the step is redone after a conflict, nothing is queued twice.
    /// Returns the message id, stable for this step of this instance; delivery and engagement stimuli
    /// (<c>Message.Opened</c>, ...) are keyed by it.
    /// </summary>
    public virtual Guid QueueMessage(MessageRequest request) =>
        throw new NotSupportedException("This host has no outbox.");
}

/// <summary>The stimulus behind a trigger start or a resumption: its name and payload.</summary>
public sealed record StimulusInfo(string Name, object? Payload);
