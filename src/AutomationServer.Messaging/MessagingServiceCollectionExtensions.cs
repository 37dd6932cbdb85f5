using AutomationServer.Messaging.Bounces;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Templates;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// The send pipeline: <see cref="ChannelRegistry"/>, <see cref="IMessageSender"/>, <see cref="IDeliveryEventSink"/>, and
    /// its parts in the order a message meets them: the outbox dispatcher, send policies, templates, email tracking, and
    /// what bounces and complaints coming back do.
    /// Settings: <c>Messaging:SendTimeout</c> (validated at start). Needs <c>AddPluginHostServices()</c> for the stimulus publisher.
    /// </summary>
    public static IServiceCollection AddAutomationMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .Validate(o => o.SendTimeout > TimeSpan.Zero && o.SendTimeout <= TimeSpan.FromMinutes(10),
                "Messaging:SendTimeout must be more than 00:00:00 and at most 00:10:00.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChannelRegistry>();
        services.TryAddSingleton<IMessageSender, MessageSender>();
        services.TryAddSingleton<IDeliveryEventSink, DeliveryEventSink>();
        services.AddOutboxDispatcher(configuration);
        services.AddSendPolicies(configuration);
        services.AddMessageTemplates();
        services.AddEmailTracking(configuration);
        services.AddBounceHandling(configuration);
        return services;
    }
}
