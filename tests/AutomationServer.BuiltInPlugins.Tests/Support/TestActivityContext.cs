using System.Text.Json;
using AutomationServer.Sdk.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutomationServer.BuiltInPlugins.Tests.Support;

/// <summary>
/// Runs one activity without a server, the way a plugin author tests one: literal inputs, outputs
/// captured by variable name, services from a plain service collection.
/// </summary>
public sealed class TestActivityContext(IServiceProvider? services = null) : ActivityContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Dictionary<string, object?> Variables { get; } = [];

    public override string ActivityId { get; } = "node-1";

    public override string ActivityType => "test";

    public override Guid WorkflowInstanceId { get; } = Guid.Parse("6f1c1a56-0b0e-4b8e-9b7a-0d6c3f1e2a10");

    public override string DefinitionId => "test";

    public override int DefinitionVersion => 1;

    public override string? CorrelationId => null;

    public override DateTimeOffset Now => new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public override IServiceProvider Services { get; } = services ?? new ServiceCollection().BuildServiceProvider();

    public override ILogger Logger => NullLogger.Instance;

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override StimulusInfo? Stimulus => null;

    public override IReadOnlyDictionary<string, string>? BookmarkData => null;

    public override IReadOnlyDictionary<string, object?> WorkflowInput { get; } = new Dictionary<string, object?>();

    public override T? Get<T>(Input<T>? input) where T : default => input?.Expression?.Value switch
    {
        null => default,
        T value => value,
        var other => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(other, Json), Json),
    };

    public override T? Evaluate<T>(Expression expression) where T : default => throw new NotSupportedException("Only literal inputs in these tests.");

    public override void Set<T>(Output<T>? output, T? value) where T : default
    {
        if (output?.VariableName is { } name)
        {
            Variables[name] = value;
        }
    }

    public override bool HasConnection(string port) => true;

    public override object? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public override void SetVariable(string name, object? value) => Variables[name] = value;

    public override void SetWorkflowOutput(string name, object? value) => Variables["output:" + name] = value;
}
