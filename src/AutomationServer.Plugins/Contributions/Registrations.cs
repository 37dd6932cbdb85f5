namespace AutomationServer.Plugins.Contributions;

// What plugins contributed, as the host's services find it: each AddChannel/AddConnector/... call of a
// plugin's startup adds one of these records to the service collection as a singleton instance. The
// host-side features (send pipeline, connectors, schedulers, endpoint mapping) read them with
// GetServices<T>() and never look at plugins directly.

/// <summary>A channel: its name, the implementing type (registered as a singleton) and the contributing plugin.</summary>
public sealed record ChannelRegistration(string Name, string DisplayName, string? Description, Type ImplementationType, string PluginId);

public sealed record ConnectorRegistration(string Name, string DisplayName, string? Description, Type ImplementationType, string PluginId);

public sealed record ModelProviderRegistration(string Name, string DisplayName, string? Description, Type ImplementationType, string PluginId);

/// <summary>An <c>IEventSource</c> the host runs in the background (implementation registered as a singleton).</summary>
public sealed record EventSourceRegistration(Type ImplementationType, string PluginId);

/// <summary>An <c>IPluginJob</c> to run on a cron schedule (implementation registered as transient); <see cref="Name"/> is unique per plugin.</summary>
public sealed record RecurringJobRegistration(string Name, string Cron, Type ImplementationType, string PluginId);

/// <summary>Endpoints to map under <c>/plugins/&lt;id&gt;/</c>.</summary>
public sealed record EndpointRegistration(Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder> Map, string PluginId);
