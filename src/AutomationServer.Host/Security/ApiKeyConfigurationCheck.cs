using Microsoft.Extensions.Options;

namespace AutomationServer.Host.Security;

/// <summary>Warns at startup about API key settings IT has to change before going live.</summary>
public sealed class ApiKeyConfigurationCheck(IOptions<ApiKeyOptions> options, ILogger<ApiKeyConfigurationCheck> logger) : IHostedService
{
    public const int RecommendedMinimumLength = 24;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = options.Value.ApiKeys.Concat(options.Value.AdminApiKeys).Where(key => !string.IsNullOrWhiteSpace(key)).Select(key => key.Trim()).ToList();
        if (keys.Count == 0)
        {
            logger.LogWarning("No API key is configured (Security:ApiKeys, Security:AdminApiKeys); every call to the management API will be refused");
        }

        if (keys.Contains(ApiKeyOptions.DevelopmentKey, StringComparer.Ordinal))
        {
            logger.LogWarning(
                "The development API key shipped in appsettings.json is accepted. It is public: replace it (Security:AdminApiKeys, or the environment variable Security__AdminApiKeys__0) before exposing this server");
        }

        var shortKeys = keys.Count(key => key.Length < RecommendedMinimumLength);
        if (shortKeys > 0)
        {
            logger.LogWarning("{Count} API key(s) are shorter than {Length} characters; use long random keys", shortKeys, RecommendedMinimumLength);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
