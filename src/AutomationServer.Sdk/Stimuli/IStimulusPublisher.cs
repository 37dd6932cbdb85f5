namespace AutomationServer.Sdk.Stimuli;

/// <summary>
/// Starts and resumes journeys from a plugin: a stimulus with the same name and key as a trigger starts
/// its workflow; one matching a bookmark resumes the waiting instance. Implemented by the host.
/// </summary>
public interface IStimulusPublisher
{
    /// <summary>Publishes stimuli together: they are committed in one transaction.</summary>
    ValueTask<PublishResult> PublishAsync(IReadOnlyList<StimulusMessage> stimuli, CancellationToken cancellationToken);
}

/// <summary>
/// A stimulus: its name (usually the trigger's activity type, e.g. <c>Acme.OrderPlaced</c>), its key
/// (what the trigger or bookmark was registered with) and the payload handed to the workflow.
/// A correlation id limits resumption to instances with that id.
/// </summary>
public sealed record StimulusMessage(string Name, object? Key, object? Payload = null, string? CorrelationId = null)
{
    /// <summary>The stimulus of the built-in <c>Elsa.Event</c> trigger and wait: a named application event.</summary>
    public static StimulusMessage Event(string eventName, object? payload = null, string? correlationId = null) =>
        new("Elsa.Event", eventName, payload, correlationId);
}

public sealed record PublishResult(int Started, int Resumed);

/// <summary>A long-running source of stimuli; see <see cref="Plugins.IPluginBuilder.AddEventSource{TSource}"/>.</summary>
public interface IEventSource
{
    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled. An exception is logged and the source restarted after a back-off.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}
