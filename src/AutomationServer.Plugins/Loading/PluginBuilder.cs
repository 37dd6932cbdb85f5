using System.Reflection;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Connectors;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Models;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Sdk.Stimuli;
using AutomationServer.Workflows.Descriptors;
using AutomationServer.Workflows.Scheduling;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Plugins.Loading;

/// <summary>
/// What one plugin's startup registers with. Services go straight into the server's collection (the
/// loader removes them again if the startup fails); activities are only validated here and registered
/// by <see cref="RegisterActivities"/> once the startup returned.
/// </summary>
internal sealed class PluginBuilder(PluginInfo plugin, IServiceCollection services, IConfiguration rootConfiguration, ActivityRegistry registry)
    : IPluginBuilder
{
    private readonly IConfigurationSection _section = rootConfiguration.GetSection($"Plugins:{plugin.Id}");
    private readonly List<(Type Type, ActivityDescriptor Descriptor)> _activities = [];
    private readonly List<string> _channels = [];
    private readonly List<string> _connectors = [];
    private readonly List<string> _modelProviders = [];
    private readonly List<string> _eventSources = [];
    private readonly List<string> _jobs = [];
    private bool _endpoints;

    public PluginInfo Plugin => plugin;

    public IServiceCollection Services => services;

    public IConfiguration Configuration => _section;

    public PluginContributions Contributions => new()
    {
        Activities = _activities.Select(a => $"{a.Descriptor.TypeName}@{a.Descriptor.Version}").ToList(),
        Channels = _channels.ToList(),
        Connectors = _connectors.ToList(),
        ModelProviders = _modelProviders.ToList(),
        EventSources = _eventSources.ToList(),
        RecurringJobs = _jobs.ToList(),
        Endpoints = _endpoints,
    };

    /// <summary>The activity types added, for registering (or re-registering on hot reload).</summary>
    public IReadOnlyList<Type> ActivityTypes => _activities.Select(a => a.Type).ToList();

    public IPluginBuilder AddActivity<TActivity>() where TActivity : Activity, new()
    {
        ActivityDescriptor descriptor;
        try
        {
            descriptor = ActivityRegistry.Describe(typeof(TActivity), plugin.Id);
        }
        catch (ArgumentException ex)
        {
            throw new PluginConfigurationException($"Activity {typeof(TActivity).FullName} is invalid: {ex.Message}");
        }

        var existing = registry.Find(descriptor.TypeName, descriptor.Version);
        if (existing is not null)
        {
            throw new PluginConfigurationException(
                $"Activity type '{descriptor.TypeName}' version {descriptor.Version} is already registered by '{existing.Source}'; give the activity its own type name.");
        }

        if (_activities.Any(a => a.Descriptor.TypeName == descriptor.TypeName && a.Descriptor.Version == descriptor.Version))
        {
            throw new PluginConfigurationException($"Activity type '{descriptor.TypeName}' version {descriptor.Version} is added twice.");
        }

        _activities.Add((typeof(TActivity), descriptor));
        return this;
    }

    public IPluginBuilder AddChannel<TChannel>() where TChannel : class, IChannel
    {
        var attribute = RequireAttribute<TChannel, ChannelAttribute>();
        RefuseDuplicate(services.Select(d => d.ImplementationInstance).OfType<ChannelRegistration>().Select(r => r.Name), attribute.Name, "channel");
        services.AddSingleton<TChannel>();
        services.AddSingleton(new ChannelRegistration(attribute.Name, attribute.DisplayName ?? attribute.Name, attribute.Description, typeof(TChannel), plugin.Id));
        _channels.Add(attribute.Name);
        return this;
    }

    public IPluginBuilder AddConnector<TConnector>() where TConnector : class, IConnector
    {
        var attribute = RequireAttribute<TConnector, ConnectorAttribute>();
        RefuseDuplicate(services.Select(d => d.ImplementationInstance).OfType<ConnectorRegistration>().Select(r => r.Name), attribute.Name, "connector");
        services.AddSingleton<TConnector>();
        services.AddSingleton(new ConnectorRegistration(attribute.Name, attribute.DisplayName ?? attribute.Name, attribute.Description, typeof(TConnector), plugin.Id));
        _connectors.Add(attribute.Name);
        return this;
    }

    public IPluginBuilder AddModelProvider<TProvider>() where TProvider : class, IModelProvider
    {
        var attribute = RequireAttribute<TProvider, ModelProviderAttribute>();
        RefuseDuplicate(services.Select(d => d.ImplementationInstance).OfType<ModelProviderRegistration>().Select(r => r.Name), attribute.Name, "model provider");
        services.AddSingleton<TProvider>();
        services.AddSingleton(new ModelProviderRegistration(attribute.Name, attribute.DisplayName ?? attribute.Name, attribute.Description, typeof(TProvider), plugin.Id));
        _modelProviders.Add(attribute.Name);
        return this;
    }

    public IPluginBuilder AddEventSource<TSource>() where TSource : class, IEventSource
    {
        services.AddSingleton<TSource>();
        services.AddSingleton(new EventSourceRegistration(typeof(TSource), plugin.Id));
        _eventSources.Add(typeof(TSource).FullName ?? typeof(TSource).Name);
        return this;
    }

    public TOptions AddOptions<TOptions>() where TOptions : class, new()
    {
        var options = PluginOptionsBinder.BindAndValidate<TOptions>(_section);
        services.AddOptions<TOptions>().Bind(_section);
        return options;
    }

    public IPluginBuilder AddRecurringJob<TJob>(string name, string cron) where TJob : class, IPluginJob
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new PluginConfigurationException($"Recurring job {typeof(TJob).FullName} needs a name.");
        }

        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new PluginConfigurationException($"Recurring job '{name}' needs a cron expression.");
        }

        // Refused here, so the plugin shows why in its status instead of running without its job.
        if (CronSchedule.Validate(cron) is { } cronProblem)
        {
            throw new PluginConfigurationException($"Recurring job '{name}' has an invalid cron expression '{cron}': {cronProblem}");
        }

        if (_jobs.Contains(name, StringComparer.Ordinal))
        {
            throw new PluginConfigurationException($"Recurring job '{name}' is added twice; job names must be unique within a plugin.");
        }

        services.AddTransient<TJob>();
        services.AddSingleton(new RecurringJobRegistration(name, cron.Trim(), typeof(TJob), plugin.Id));
        _jobs.Add(name);
        return this;
    }

    public IPluginBuilder MapEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        services.AddSingleton(new EndpointRegistration(map, plugin.Id));
        _endpoints = true;
        return this;
    }

    /// <summary>Adds the validated activities to the registry; called only after the startup returned without error.</summary>
    public void RegisterActivities()
    {
        foreach (var (type, _) in _activities)
        {
            registry.Register(type, plugin.Id);
        }
    }

    private static TAttribute RequireAttribute<TImplementation, TAttribute>() where TAttribute : Attribute =>
        typeof(TImplementation).GetCustomAttribute<TAttribute>()
        ?? throw new PluginConfigurationException($"{typeof(TImplementation).FullName} has no [{typeof(TAttribute).Name[..^"Attribute".Length]}] attribute.");

    private static void RefuseDuplicate(IEnumerable<string> existingNames, string name, string kind)
    {
        if (existingNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new PluginConfigurationException($"A {kind} named '{name}' is already registered.");
        }
    }
}
