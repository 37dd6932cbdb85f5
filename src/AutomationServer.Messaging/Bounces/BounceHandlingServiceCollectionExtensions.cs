using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Messaging.Bounces;

public static class BounceHandlingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BounceSuppressionHandler"/> as an <see cref="IDeliveryEventHandler"/> and validates
    /// <c>Messaging:Bounces</c> at start. Needs the audience (<c>AddAudience</c>) and an <see cref="IBounceStore"/>
    /// (registered by <c>AddAutomationPersistence</c>).
    /// </summary>
    public static IServiceCollection AddBounceHandling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BounceHandlingOptions>()
            .Bind(configuration.GetSection(BounceHandlingOptions.SectionName))
            .Validate(o => o.SoftBounceThreshold is >= 1 and <= 1000, "Messaging:Bounces:SoftBounceThreshold must be between 1 and 1000.")
            .Validate(o => o.SoftBounceWindow >= TimeSpan.FromHours(1) && o.SoftBounceWindow <= TimeSpan.FromDays(3650),
                "Messaging:Bounces:SoftBounceWindow must be between 01:00:00 and 3650.00:00:00.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryEventHandler, BounceSuppressionHandler>());
        return services;
    }
}
