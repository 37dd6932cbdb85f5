using AutomationServer.Workflows;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Audience.Broadcasts;

public static class BroadcastServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Audience.Broadcast</c> trigger, its runs (the engine's fan-out for the trigger) and the worker that pages
    /// through them. Call after <c>AddWorkflowEngine</c>; needs <c>IAudienceSqlConnections</c>.
    /// </summary>
    public static IServiceCollection AddAudienceBroadcasts(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = services.GetActivityRegistry("AddAudienceBroadcasts");
        if (registry.FindLatest(Broadcast.TypeName) is null)
        {
            registry.Register<Broadcast>("audience");
        }

        BroadcastDefaults.TimeZone = configuration[$"{AudienceOptions.SectionName}:{nameof(AudienceOptions.DefaultTimeZone)}"] ?? new AudienceOptions().DefaultTimeZone;
        services.AddOptions<BroadcastOptions>()
            .Bind(configuration.GetSection(BroadcastOptions.SectionName))
            .Validate(o => o.PageSize is > 0 and <= 2000, "Audience:Broadcasts:PageSize must be between 1 and 2000.")
            .Validate(o => o.Lease > TimeSpan.Zero, "Audience:Broadcasts:Lease must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Audience:Broadcasts:PollInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BroadcastSignal>();
        services.TryAddSingleton<IBroadcastDispatcher, WorkflowBroadcastDispatcher>();
        services.TryAddSingleton<BroadcastRunner>();
        services.AddSingleton<IScheduledTriggerFanOut>(sp => sp.GetRequiredService<BroadcastRunner>());
        services.TryAddSingleton<BroadcastService>();
        services.AddHostedService<BroadcastWorker>();
        return services;
    }
}
