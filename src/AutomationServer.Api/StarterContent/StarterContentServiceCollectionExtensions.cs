using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.StarterContent;

public static class StarterContentServiceCollectionExtensions
{
    /// <summary>Installs the shipped templates and journeys at start (setting <c>Content:InstallStarterContent</c>, default true).</summary>
    public static IServiceCollection AddStarterContent(this IServiceCollection services)
    {
        services.AddOptions<StarterContentOptions>().BindConfiguration(StarterContentOptions.SectionName);
        services.AddHostedService<StarterContentInstaller>();
        return services;
    }
}
