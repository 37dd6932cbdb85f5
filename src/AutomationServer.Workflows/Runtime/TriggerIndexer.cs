using System.Text.Json;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Validation;
using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Workflows.Runtime;

/// <summary>Asks each trigger node of a blueprint for its triggers and turns them into indexed rows.</summary>
public sealed class TriggerIndexer(IExpressionEvaluator evaluator)
{
    public IReadOnlyList<TriggerRecord> Index(WorkflowBlueprint blueprint)
    {
        var records = new List<TriggerRecord>();
        foreach (var node in blueprint.Nodes.Values)
        {
            if (node.Activity is not ITriggerActivity trigger)
            {
                continue;
            }

            foreach (var request in RequestsOf(trigger, node.Id))
            {
                records.Add(new TriggerRecord
                {
                    Id = Guid.CreateVersion7(),
                    DefinitionId = blueprint.DefinitionId,
                    DefinitionVersionId = blueprint.VersionId,
                    ActivityId = node.Id,
                    Stimulus = request.Stimulus,
                    Hash = StimulusHasher.Hash(request.Stimulus, request.Key),
                    Key = request.Key is null ? null : JsonSerializer.Serialize(request.Key, request.Key.GetType(), StateJson.AnyValueOptions),
                    Schedule = request.Schedule is null ? null : ScheduleJson.Write(request.Schedule),
                });
            }
        }

        return records;
    }

    // A trigger that cannot work out its key from the node's inputs refuses the node, not the server: the publish gets a
    // problem naming the node instead of failing as an internal error.
    private List<TriggerRequest> RequestsOf(ITriggerActivity trigger, string nodeId)
    {
        try
        {
            return trigger.GetTriggers(new NodeTriggerContext(nodeId, evaluator)).ToList();
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException or ExpressionException)
        {
            var field = (exception as ArgumentException)?.ParamName is { } name ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name) : null;
            throw new DefinitionValidationException("The definition cannot be published.",
                [new ValidationProblem(ValidationCodes.InvalidValue, $"Node '{nodeId}': its trigger cannot be set up: {exception.Message}", nodeId, field)]);
        }
    }
}

/// <summary>The JSON form of a trigger schedule stored in <see cref="TriggerRecord.Schedule"/>: {"cron"}, {"interval"} or {"at"}.</summary>
public static class ScheduleJson
{
    public static string Write(TriggerSchedule schedule)
    {
        var values = new Dictionary<string, string>();
        if (schedule.Cron is not null)
        {
            values["cron"] = schedule.Cron;
            if (!string.IsNullOrWhiteSpace(schedule.TimeZone))
            {
                values["timeZone"] = schedule.TimeZone;
            }
        }

        if (schedule.Interval is { } interval)
        {
            values["interval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (schedule.At is { } at)
        {
            values["at"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return JsonSerializer.Serialize(values, StateJsonContext.Default.DictionaryStringString);
    }

    public static TriggerSchedule? Read(string? json)
    {
        var values = StateJson.DeserializeData(json);
        if (values is null)
        {
            return null;
        }

        return new TriggerSchedule
        {
            Cron = values.GetValueOrDefault("cron"),
            TimeZone = values.GetValueOrDefault("timeZone"),
            Interval = values.TryGetValue("interval", out var interval) ? TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) : null,
            At = values.TryGetValue("at", out var at) ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }
}
