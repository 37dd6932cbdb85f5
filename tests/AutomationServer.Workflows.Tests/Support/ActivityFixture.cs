using System.Text.Json.Nodes;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Workflows.Tests.Support;

/// <summary>
/// Runs one activity in isolation: a single-node workflow, no database. Shows what the activity did
/// (ports, bookmarks, variables, incidents) the way the engine sees it.
/// </summary>
public sealed class ActivityFixture
{
    private readonly ActivityRegistry _registry = WorkflowEngineServiceCollectionExtensions.CreateRegistryWithBuiltIns();

    public DateTimeOffset Now { get; set; } = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public ActivityFixture Register<TActivity>() where TActivity : Activity
    {
        _registry.Register<TActivity>("test");
        return this;
    }

    /// <summary>Runs <paramref name="type"/> with the given input JSON (Elsa shapes) and variables.</summary>
    public async Task<ActivityRun> RunAsync(string type, JsonObject? inputs = null, IDictionary<string, object?>? variables = null, IReadOnlyDictionary<string, object?>? workflowInput = null)
    {
        var node = inputs?.DeepClone().AsObject() ?? [];
        node["id"] = "node";
        node["type"] = type;
        node["version"] = 1;
        var model = new WorkflowModel
        {
            Document = [],
            DefinitionId = "fixture",
            Name = "fixture",
            Variables = (variables ?? new Dictionary<string, object?>()).Select(v => new VariableModel(v.Key, v.Key, "Object", null)).ToList(),
            Root = new FlowchartModel
            {
                Id = "root",
                Activities = [new ActivityModel { Id = "node", Type = type, Json = node }],
                Connections = [],
            },
        };

        var services = new ServiceCollection().AddWorkflowExpressions().AddHttpClient().BuildServiceProvider();
        var clock = new FixedClock(Now);
        var runner = new WorkflowRunner(services.GetRequiredService<IExpressionEvaluator>(), services, clock, Options.Create(new WorkflowEngineOptions()), NullLogger<WorkflowRunner>.Instance);
        var blueprint = new BlueprintCompiler(_registry).Compile(model, Guid.NewGuid(), 1);
        var execution = runner.NewInstance(blueprint, "correlation-1", workflowInput);
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            execution.State.Variables[name] = value;
        }

        await runner.StartAsync(execution, null, null, CancellationToken.None);
        var entry = execution.State.Journal.Single();
        return new ActivityRun(
            entry.Result is "~" or "!" or "$" or "" ? [] : entry.Result.Split(','),
            execution.NewBookmarks,
            execution.State.Variables,
            execution.NewIncidents,
            execution.Record.Status);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>What an activity did in <see cref="ActivityFixture"/>.</summary>
public sealed record ActivityRun(
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<BookmarkRecord> Bookmarks,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<IncidentRecord> Incidents,
    InstanceStatus Status);
