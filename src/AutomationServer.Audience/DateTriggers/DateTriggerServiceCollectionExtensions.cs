using AutomationServer.Workflows;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Audience.DateTriggers;

public static class DateTriggerServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Audience.DateReached</c> trigger and the scanner that fires it. Call after <c>AddWorkflowEngine</c>; needs
    /// <c>IAudienceSqlConnections</c> (<c>AddAudienceSqlConnections()</c> of the persistence project).
    /// </summary>
    public static IServiceCollection AddAudienceDateTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = services.GetActivityRegistry("AddAudienceDateTriggers");
        if (registry.FindLatest(DateReached.TypeName) is null)
        {
            registry.Register<DateReached>("audience");
        }

        services.AddOptions<AudienceOptions>()
            .Bind(configuration.GetSection(AudienceOptions.SectionName))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone ?? "", out _), "Audience:DefaultTimeZone must be a time zone id such as UTC or Europe/Berlin.")
            .Validate(o => o.DateTriggerCatchUp >= TimeSpan.Zero, "Audience:DateTriggerCatchUp must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDateTriggerDispatcher, WorkflowDateTriggerDispatcher>();
        services.TryAddSingleton<DateTriggerScanner>();
        services.AddHostedService<DateTriggerService>();
        return services;
    }
}
