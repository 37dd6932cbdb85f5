using AutomationPlugins.Email.Activities;
using AutomationPlugins.Email.Bounces;
using AutomationPlugins.Email.Configuration;
using AutomationPlugins.Email.Senders;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutomationPlugins.Email;

/// <summary>The email plugin's inventory.</summary>
public sealed class EmailPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        var options = plugin.AddOptions<EmailOptions>();
        var factory = new SenderProfileFactory(options, ContentRoot(plugin.Services));
        plugin.Services.AddSingleton(sp => factory.Create(sp.GetRequiredService<IPluginSecrets<EmailPlugin>>(), sp.GetRequiredService<ILoggerFactory>()));
        plugin.AddChannel<EmailChannel>();
        plugin.AddBounceMailbox();
        plugin.AddActivity<SendEmail>();
        plugin.AddActivity<WaitForEngagement>();
        plugin.AddActivity<EmailEngaged>();
    }

    /// <summary>The server's content root (where its <c>data</c> folder lives), or the working directory without a host.</summary>
    private static string ContentRoot(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(IHostEnvironment) && !d.IsKeyedService)
            .Select(d => (d.ImplementationInstance as IHostEnvironment)?.ContentRootPath)
            .LastOrDefault(p => !string.IsNullOrEmpty(p))
        ?? Directory.GetCurrentDirectory();
}
