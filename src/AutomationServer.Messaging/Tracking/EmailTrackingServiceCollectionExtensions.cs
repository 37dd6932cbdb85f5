using AutomationServer.Messaging.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tracking;

public static class EmailTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Signed tracking links (<see cref="ITrackingLinks"/>, <see cref="TrackingLinks"/>, <see cref="TrackingTokens"/>) and the
    /// <see cref="EmailTrackingDecorator"/>. Settings: <c>Messaging:PublicBaseUrl</c> and <c>Messaging:Tracking</c>, checked at
    /// start. Needs the persistence services (<c>IPluginStateStorage</c>) when no signing key is configured.
    /// </summary>
    public static IServiceCollection AddEmailTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailTrackingOptions>()
            .Bind(configuration.GetSection(EmailTrackingOptions.SectionName))
            .Configure(o => o.PublicBaseUrl = configuration[EmailTrackingOptions.PublicBaseUrlKey] is { Length: > 0 } url ? url : EmailTrackingOptions.DefaultPublicBaseUrl)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailTrackingOptions>, EmailTrackingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TrackingSigningKey>();
        services.TryAddSingleton(sp => new TrackingTokens(sp.GetRequiredService<TrackingSigningKey>()));
        services.TryAddSingleton<TrackingLinks>();
        services.TryAddSingleton<ITrackingLinks>(sp => sp.GetRequiredService<TrackingLinks>());
        // Decorators run in registration order after rendering; tracking wraps whatever links the others left.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageDecorator, EmailTrackingDecorator>());
        services.AddHostedService<TrackingSigningKeyLoader>();
        return services;
    }
}

/// <summary>Loads (or creates) the signing key at start, after the database is migrated, so no send waits for it.</summary>
internal sealed class TrackingSigningKeyLoader(TrackingSigningKey key, ILogger<TrackingSigningKeyLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await key.LoadAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // A database that is not migrated yet (Persistence:MigrateOnStartup=false) must not stop the server: the first
            // link built or checked loads the key instead, and fails there with the cause if it still cannot.
            logger.LogWarning(failure, "The signing key of email tracking links could not be loaded at start; it is loaded when first needed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
