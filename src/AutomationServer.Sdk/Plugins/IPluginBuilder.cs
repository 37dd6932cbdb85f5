using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Connectors;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Models;
using AutomationServer.Sdk.Stimuli;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Sdk.Plugins;

/// <summary>What a plugin's startup registers its contributions with. Implemented by the host.</summary>
public interface IPluginBuilder
{
    /// <summary>The plugin being configured, as its manifest describes it.</summary>
    PluginInfo Plugin { get; }

    /// <summary>
    /// The server's service collection, for the plugin's own services (HTTP clients, caches...).
    /// Host services a plugin may take in constructors: <c>ILogger&lt;T&gt;</c>, <c>IHttpClientFactory</c>,
    /// <c>TimeProvider</c>, <see cref="IStimulusPublisher"/>, <see cref="IMessageSender"/>,
    /// <see cref="IDeliveryEventSink"/>, <see cref="IPluginStateStore{TPlugin}"/> and <see cref="IPluginSecrets{TPlugin}"/>.
    /// </summary>
    IServiceCollection Services { get; }

    /// <summary>The plugin's configuration section, <c>Plugins:&lt;id&gt;</c> in appsettings.json (empty when absent).</summary>
    IConfiguration Configuration { get; }

    /// <summary>Adds an activity (or a trigger: an activity that implements <see cref="ITriggerActivity"/>) to the designer and the engine.</summary>
    IPluginBuilder AddActivity<TActivity>() where TActivity : Activity, new();

    /// <summary>Adds a channel (described by its <see cref="ChannelAttribute"/>) that the send pipeline hands messages to.</summary>
    IPluginBuilder AddChannel<TChannel>() where TChannel : class, IChannel;

    /// <summary>Adds a connector (described by its <see cref="ConnectorAttribute"/>) that pulls contacts and events and pushes values back.</summary>
    IPluginBuilder AddConnector<TConnector>() where TConnector : class, IConnector;

    /// <summary>Adds a model provider (described by its <see cref="ModelProviderAttribute"/>) that AI activities ask for predictions.</summary>
    IPluginBuilder AddModelProvider<TProvider>() where TProvider : class, IModelProvider;

    /// <summary>
    /// Adds a long-running source of stimuli (a queue consumer, a mailbox poller...). The host runs it
    /// in the background and restarts it with back-off when it fails; it starts or resumes journeys
    /// through <see cref="IStimulusPublisher"/>.
    /// </summary>
    IPluginBuilder AddEventSource<TSource>() where TSource : class, IEventSource;

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the plugin's section and validates it now (data annotations
    /// and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>): invalid options make the
    /// plugin Malfunctioned with the failing fields named. Registers <c>IOptions&lt;TOptions&gt;</c> and
    /// returns the bound values for decisions made at startup.
    /// </summary>
    TOptions AddOptions<TOptions>() where TOptions : class, new();

    /// <summary>
    /// Runs <typeparamref name="TJob"/> on a schedule (cron with five fields, or six with seconds first).
    /// Across nodes of a cluster one node runs each occurrence.
    /// </summary>
    IPluginBuilder AddRecurringJob<TJob>(string name, string cron) where TJob : class, IPluginJob;

    /// <summary>
    /// Maps HTTP endpoints under <c>/plugins/&lt;id&gt;/</c> (e.g. a provider's delivery callbacks).
    /// Endpoints are anonymous unless they require <see cref="PluginAuthorization.ManagementPolicy"/>.
    /// </summary>
    IPluginBuilder MapEndpoints(Action<IEndpointRouteBuilder> map);
}
