using System.ComponentModel.DataAnnotations;
using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Connectors;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Models;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Sdk.Stimuli;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutomationServer.BuiltInPlugins.Tests.Support;

/// <summary>
/// Records what a plugin's startup contributes and registers its services the way the host does
/// (channels as singletons, options bound from configuration and validated), without a server.
/// </summary>
public sealed class TestPluginBuilder(string pluginId, IDictionary<string, string?>? settings = null) : IPluginBuilder
{
    public PluginInfo Plugin { get; } = new(pluginId, "1.0.0", AppContext.BaseDirectory);

    public IServiceCollection Services { get; } = new ServiceCollection().AddLogging();

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

    public List<Type> Activities { get; } = [];

    public List<Type> Channels { get; } = [];

    public IPluginBuilder AddActivity<TActivity>() where TActivity : Activity, new()
    {
        Activities.Add(typeof(TActivity));
        return this;
    }

    public IPluginBuilder AddChannel<TChannel>() where TChannel : class, IChannel
    {
        Channels.Add(typeof(TChannel));
        Services.AddSingleton<TChannel>();
        return this;
    }

    public IPluginBuilder AddConnector<TConnector>() where TConnector : class, IConnector => throw new NotSupportedException();

    public IPluginBuilder AddModelProvider<TProvider>() where TProvider : class, IModelProvider => throw new NotSupportedException();

    public IPluginBuilder AddEventSource<TSource>() where TSource : class, IEventSource => throw new NotSupportedException();

    public TOptions AddOptions<TOptions>() where TOptions : class, new()
    {
        var options = Configuration.Get<TOptions>() ?? new TOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        Services.AddSingleton(Options.Create(options));
        return options;
    }

    public IPluginBuilder AddRecurringJob<TJob>(string name, string cron) where TJob : class, IPluginJob => throw new NotSupportedException();

    public IPluginBuilder MapEndpoints(Action<IEndpointRouteBuilder> map) => throw new NotSupportedException();
}

/// <summary>Secrets from a dictionary, standing in for <c>Plugins:&lt;id&gt;:Secrets</c>.</summary>
public sealed class TestSecrets<TPlugin>(IReadOnlyDictionary<string, string> values) : IPluginSecrets<TPlugin>
{
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(values.TryGetValue(name, out var value) ? value : null);
}
