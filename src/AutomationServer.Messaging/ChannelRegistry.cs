using AutomationServer.Plugins.Contributions;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Messaging;

/// <summary>The channels plugins contributed, by name (case-insensitive). When two plugins claim one name, the first keeps it.</summary>
public sealed class ChannelRegistry
{
    private readonly Dictionary<string, ChannelRegistration> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceProvider _services;

    public ChannelRegistry(IEnumerable<ChannelRegistration> registrations, IServiceProvider services, ILogger<ChannelRegistry> logger)
    {
        _services = services;
        foreach (var registration in registrations)
        {
            if (!_byName.TryAdd(registration.Name, registration))
            {
                logger.LogError("Channel {Channel} of plugin {PluginId} is ignored: plugin {OwnerId} already contributes a channel of that name",
                    registration.Name, registration.PluginId, _byName[registration.Name].PluginId);
            }
        }

        Channels = _byName.Values.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Every usable channel, ordered by name, with its plugin id.</summary>
    public IReadOnlyList<ChannelRegistration> Channels { get; }

    public ChannelRegistration? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The channel's instance: the singleton the plugin registered, or one created for it.</summary>
    public IChannel Resolve(ChannelRegistration registration) =>
        (IChannel)(_services.GetService(registration.ImplementationType)
            ?? ActivatorUtilities.GetServiceOrCreateInstance(_services, registration.ImplementationType));
}
