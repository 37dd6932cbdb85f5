using AutomationServer.Audience.Scoring.Activities;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Audience.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// Points rules, decay, lifecycle stages, the scheduled scoring pass and the <c>Audience.LifecycleStageChanged</c> /
    /// <c>Audience.ScoreCrossed</c> triggers. Call after <c>AddWorkflowEngine</c> and <c>AddAudienceSegments</c>.
    /// </summary>
    public static IServiceCollection AddAudienceScoring(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = services.GetActivityRegistry("AddAudienceScoring");
        if (registry.FindLatest(LifecycleStageChanged.TypeName) is null)
        {
            registry.Register<LifecycleStageChanged>("audience");
            registry.Register<ScoreCrossed>("audience");
        }

        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection(ScoringOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScoringStore>();
        services.TryAddSingleton<ScoringCatalog>();
        services.TryAddSingleton<IScoringChangeDispatcher, WorkflowScoringChangeDispatcher>();
        services.TryAddSingleton<ScoringChangePublisher>();
        services.TryAddSingleton<ManualScoringChanges>();
        services.TryAddSingleton<EventPointsAwarder>();
        services.TryAddSingleton<ContactScoringEvaluator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IContactChangeObserver, ContactScoringEvaluator>(sp => sp.GetRequiredService<ContactScoringEvaluator>()));
        services.TryAddSingleton<ScoringPasses>();
        services.TryAddSingleton<ScoringService>();
        services.AddHostedService<ScoringPassService>();
        return services;
    }
}
