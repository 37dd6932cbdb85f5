using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Workflows.Runtime;

/// <summary>The engine's <see cref="ActivityContext"/>: one per activity execution, also the scope its expressions see.</summary>
internal sealed class ActivityExecutionContext(
    WorkflowExecution execution,
    FlowNode node,
    WorkItem item,
    IExpressionEvaluator evaluator,
    IServiceProvider services,
    ILogger logger,
    DateTimeOffset now,
    CancellationToken cancellationToken) : ActivityContext, IExpressionScope
{
    public override string ActivityId => node.Id;

    public override string ActivityType => node.Model.Type;

    public override Guid WorkflowInstanceId => execution.Record.Id;

    public override string DefinitionId => execution.Record.DefinitionId;

    public override int DefinitionVersion => execution.Record.DefinitionVersion;

    public override string? CorrelationId => execution.Record.CorrelationId;

    public override DateTimeOffset Now => now;

    public override IServiceProvider Services => services;

    public override ILogger Logger => logger;

    public override CancellationToken CancellationToken => cancellationToken;

    public override StimulusInfo? Stimulus => item.Stimulus;

    public override IReadOnlyDictionary<string, string>? BookmarkData => item.BookmarkData;

    public override IReadOnlyDictionary<string, object?> WorkflowInput => (IReadOnlyDictionary<string, object?>?)execution.State.Input ?? EmptyInput;

    IReadOnlyDictionary<string, object?> IExpressionScope.Input => WorkflowInput;

    IDictionary<string, object?> IExpressionScope.Variables => execution.State.Variables;

    object? IExpressionScope.StimulusPayload => item.Stimulus?.Payload;

    private static readonly IReadOnlyDictionary<string, object?> EmptyInput = new Dictionary<string, object?>();

    public override T? Get<T>(Input<T>? input) where T : default =>
        input?.Expression is { } expression ? Evaluate<T>(expression) : default;

    public override T? Evaluate<T>(Expression expression) where T : default
    {
        // Literals that already have the input's type skip the evaluator entirely.
        if (expression.Type == ExpressionSyntax.Literal && expression.Value is T value)
        {
            return value;
        }

        return (T?)evaluator.Evaluate(expression, typeof(T), this);
    }

    public override void Set<T>(Output<T>? output, T? value) where T : default
    {
        if (output?.VariableName is { } name)
        {
            SetVariable(name, value);
        }
    }

    public override bool HasConnection(string port) => node.Next(port).Count > 0;

    public override object? GetVariable(string name) =>
        execution.State.Variables.GetValueOrDefault(execution.Blueprint.ResolveVariableName(name));

    public override void SetVariable(string name, object? value) =>
        execution.State.Variables[execution.Blueprint.ResolveVariableName(name)] = value;

    public override IReadOnlyDictionary<string, object?> JourneyVariables => execution.State.Variables;

    public override void SetWorkflowOutput(string name, object? value) =>
        (execution.State.Output ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    /// <summary>Messages this run queued; the runner keeps them only if the activity completes (see <see cref="WorkflowExecution.AcceptMessages"/>).</summary>
    public List<MessageRecord> QueuedMessages { get; } = [];

    public override Guid QueueMessage(MessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Channel))
        {
            throw new ArgumentException("A message needs a channel.", nameof(request));
        }

        Guid? contactId = null;
        if (!string.IsNullOrWhiteSpace(request.ContactId))
        {
            contactId = Guid.TryParse(request.ContactId, out var parsed)
                ? parsed
                : throw new ArgumentException($"'{request.ContactId}' is not a contact id.", nameof(request));
        }
        else if (string.IsNullOrWhiteSpace(request.To))
        {
            throw new ArgumentException("A message needs a contact or an address to go to.", nameof(request));
        }

        var nowUtc = now.UtcDateTime;
        var message = new MessageRecord
        {
            Id = MessageIds.For(execution.Record.Id, node.Id, execution.MessageSequence(node.Id) + QueuedMessages.Count),
            Channel = request.Channel.Trim(),
            ContactId = contactId,
            InstanceId = execution.Record.Id,
            DefinitionId = execution.Record.DefinitionId,
            ActivityId = node.Id,
            TemplateId = request.TemplateId,
            Topic = request.Topic,
            Purpose = request.Purpose,
            Request = MessageRequestJson.Serialize(request),
            State = MessageState.Queued,
            DueAt = nowUtc,
            CreatedAt = nowUtc,
            UpdatedAt = nowUtc,
        };
        QueuedMessages.Add(message);
        return message.Id;
    }
}
