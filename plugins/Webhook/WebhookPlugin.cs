using AutomationServer.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationPlugins.Webhook;

/// <summary>The webhook plugin's inventory.</summary>
public sealed class WebhookPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        plugin.AddOptions<WebhookOptions>();

        // Redirects are not followed: a POST turned into a GET elsewhere is not a delivery.
        plugin.Services.AddHttpClient(WebhookChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        plugin.AddChannel<WebhookChannel>();
        plugin.AddActivity<SendWebhook>();
    }
}
