using AutomationServer.Audience.Segments.Activities;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Audience.Segments;

public static class SegmentServiceCollectionExtensions
{
    /// <summary>
    /// Segments: rule checking, membership (full, per contact, and the scheduled reconciliation) and the
    /// <c>Audience.SegmentEntered</c> / <c>Audience.SegmentLeft</c> triggers. Call after <c>AddWorkflowEngine</c>;
    /// needs <c>IAudienceSqlConnections</c> (<c>AddAudienceSqlConnections()</c> of the persistence project).
    /// </summary>
    public static IServiceCollection AddAudienceSegments(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = services.GetActivityRegistry("AddAudienceSegments");
        if (registry.FindLatest(Membership.SegmentChange.EnteredStimulus) is null)
        {
            registry.Register<SegmentEntered>("audience");
            registry.Register<SegmentLeft>("audience");
        }

        services.AddOptions<AudienceOptions>().Bind(configuration.GetSection(AudienceOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SegmentStore>();
        services.TryAddSingleton<SegmentCatalog>();
        services.TryAddSingleton<ISegmentChangeDispatcher, WorkflowSegmentChangeDispatcher>();
        services.TryAddSingleton<SegmentMembershipService>();
        services.TryAddSingleton<SegmentMembershipUpdater>();
        services.TryAddSingleton<SegmentService>();
        services.AddHostedService<SegmentReconciliationService>();
        services.TryAddSingleton<ContactChangeQueue>();
        services.AddHostedService<SegmentUpdateWorker>();
        return services;
    }
}
