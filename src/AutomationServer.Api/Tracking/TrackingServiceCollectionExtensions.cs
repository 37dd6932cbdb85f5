using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tracking;

public static class TrackingServiceCollectionExtensions
{
    /// <summary>Browser tracking: the <c>Tracking</c> section (checked at startup), sources, rate limits and the script.</summary>
    public static IServiceCollection AddAutomationTracking(this IServiceCollection services)
    {
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingOptions>, TrackingOptionsValidator>());
        services.AddCors();
        services.TryAddSingleton<TrackingSources>();
        services.TryAddSingleton<TrackingRateLimiter>();
        services.TryAddSingleton<TrackingScript>();
        services.TryAddSingleton<TrackingIngestion>();
        return services;
    }

    /// <summary><c>GET /track.js</c> and <c>POST /api/tracking/v1/events</c>.</summary>
    public static IEndpointRouteBuilder MapAutomationTracking(this IEndpointRouteBuilder routes)
    {
        routes.MapTrackingEndpoints();
        return routes;
    }
}
