using AutomationServer.Plugins.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Loading;

/// <summary>Plugins load before the host has loggers; this writes what the loader noticed once the host starts.</summary>
internal sealed class PluginOutcomeLogger(PluginCatalog catalog, ILogger<PluginCatalog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var message in catalog.StartupMessages)
        {
            logger.Log(message.Level, message.Exception, "{PluginMessage}", message.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
