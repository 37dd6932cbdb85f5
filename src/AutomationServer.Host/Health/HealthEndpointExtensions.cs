using AutomationServer.Scheduling;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutomationServer.Host.Health;

public static class HealthEndpointExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddAutomationHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (runs no checks). <c>/health/ready</c>: every check tagged
    /// "ready" (scheduler, database) is healthy; a degraded one, such as a scheduler still in standby,
    /// is not ready either.
    /// </summary>
    public static IEndpointRouteBuilder MapAutomationHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        }).DisableHttpMetrics();

        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(SchedulingServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();
        return endpoints;
    }
}
