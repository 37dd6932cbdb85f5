using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Sdk.Stimuli;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Runtime;

namespace AutomationServer.Plugins.Services;

/// <summary>
/// The host's <see cref="IStimulusPublisher"/>: hands plugin stimuli to <see cref="WorkflowRuntime.DispatchAsync"/>,
/// which commits the whole batch in one transaction. Limits match the events API.
/// </summary>
public sealed class StimulusPublisher(WorkflowRuntime runtime) : IStimulusPublisher
{
    /// <summary>The events API's batch limit (<c>POST /api/events/batch</c>).</summary>
    public const int MaxBatch = 10_000;

    /// <summary>Stimulus names are stored with triggers and bookmarks.</summary>
    public const int MaxNameLength = 256;

    public const int MaxCorrelationIdLength = 128;

    public async ValueTask<PublishResult> PublishAsync(IReadOnlyList<StimulusMessage> stimuli, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stimuli);
        if (stimuli.Count > MaxBatch)
        {
            throw new ArgumentException($"{stimuli.Count} stimuli were published at once; at most {MaxBatch} are allowed per call.", nameof(stimuli));
        }

        if (stimuli.Count == 0)
        {
            return new PublishResult(0, 0);
        }

        var converted = new List<Stimulus>(stimuli.Count);
        for (var i = 0; i < stimuli.Count; i++)
        {
            converted.Add(ToStimulus(stimuli[i], i));
        }

        var result = await runtime.DispatchAsync(converted, cancellationToken);
        return new PublishResult(result.Started.Count, result.Resumed.Count);
    }

    private static Stimulus ToStimulus(StimulusMessage? message, int index)
    {
        if (message is null)
        {
            throw new ArgumentException($"stimuli[{index}] is null.");
        }

        if (string.IsNullOrWhiteSpace(message.Name))
        {
            throw new ArgumentException($"stimuli[{index}].Name is required.");
        }

        if (message.Name.Length > MaxNameLength)
        {
            throw new ArgumentException($"stimuli[{index}].Name is longer than {MaxNameLength} characters.");
        }

        if (message.CorrelationId is { Length: > MaxCorrelationIdLength })
        {
            throw new ArgumentException($"stimuli[{index}].CorrelationId is longer than {MaxCorrelationIdLength} characters.");
        }

        return new Stimulus(message.Name, message.Key, ToPlainValues(message.Payload, index), string.IsNullOrWhiteSpace(message.CorrelationId) ? null : message.CorrelationId);
    }

    // The engine stores payloads in instance state as JSON; reducing them to plain values (dictionaries, lists,
    // strings, numbers) now means a workflow sees the same shape whether it runs on right away or after a reload.
    private static object? ToPlainValues(object? payload, int index)
    {
        switch (payload)
        {
            case null or string or bool or long or int or double:
                return payload;
            case JsonElement element:
                return InputJson.ToClr(element);
            case JsonNode node:
                return InputJson.ToClr(node);
        }

        try
        {
            return InputJson.ToClr(JsonSerializer.SerializeToElement(payload, payload.GetType()));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ArgumentException($"stimuli[{index}].Payload cannot be written as JSON: {exception.Message}", exception);
        }
    }
}
