using AutomationServer.Workflows.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Runtime;
using AutomationServer.Workflows.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Workflows;

public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>The workflow engine: built-in activities, expressions, runner, runtime and definition life cycle.
    /// Needs the stores of <c>AddAutomationPersistence</c>.</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowEngineOptions>()
            .Bind(configuration.GetSection(WorkflowEngineOptions.SectionName))
            .Validate(o => o.DueBatchSize > 0 && o.MaxStepsPerRun > 0 && o.JournalCapacity > 0 && o.Retry.MaxAttempts >= 0 && o.Retry.Multiplier >= 1,
                "Workflows: DueBatchSize, MaxStepsPerRun and JournalCapacity must be positive, Retry:MaxAttempts not negative, Retry:Multiplier at least 1.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        // An instance rather than a factory: plugins add their activities to it while services are configured.
        services.AddSingleton(CreateRegistryWithBuiltIns());
        services.AddWorkflowExpressions();
        services.AddHttpClient(SendHttpRequest.HttpClientName);

        services.AddSingleton<BlueprintCompiler>();
        services.AddSingleton<BlueprintProvider>();
        services.AddSingleton<TriggerIndex>();
        services.AddSingleton<TriggerIndexer>();
        services.AddSingleton<TriggerAcceptance>();
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<Journeys.JourneyEntryGate>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<IDueBookmarkProcessor>(sp => sp.GetRequiredService<WorkflowRuntime>());
        services.AddSingleton<IScheduledTriggerRunner>(sp => sp.GetRequiredService<WorkflowRuntime>());
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowDefinitionService>();
        return services;
    }

    /// <summary>
    /// The activity registry <see cref="AddWorkflowEngine"/> registered, for features that add activities while
    /// services are configured (plugins, the audience). <paramref name="caller"/> names the feature in the error.
    /// </summary>
    public static ActivityRegistry GetActivityRegistry(this IServiceCollection services, string caller) =>
        services.LastOrDefault(d => d.ServiceType == typeof(ActivityRegistry))?.ImplementationInstance as ActivityRegistry
        ?? throw new InvalidOperationException($"{caller} needs the ActivityRegistry instance that AddWorkflowEngine registers; call AddWorkflowEngine first.");

    /// <summary>The activities every server has, under their Elsa 3 type names.</summary>
    public static ActivityRegistry CreateRegistryWithBuiltIns()
    {
        var registry = new ActivityRegistry();
        registry.Register<Start>();
        registry.Register<End>();
        registry.Register<Event>();
        registry.Register<FlowDecision>();
        registry.Register<FlowSwitch>();
        registry.Register<FlowFork>();
        registry.Register<FlowJoin>();
        registry.Register<SetVariable>();
        registry.Register<WriteLine>();
        registry.Register<Delay>();
        registry.Register<Activities.Timer>();
        registry.Register<StartAt>();
        registry.Register<Cron>();
        registry.Register<SendHttpRequest>();
        registry.Register<FlowSendHttpRequest>();
        registry.Register<HttpEndpoint>();
        return registry;
    }
}
