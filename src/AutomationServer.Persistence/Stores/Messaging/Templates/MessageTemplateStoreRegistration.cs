using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Templates;
using AutomationServer.Persistence.Stores.Messaging.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence;

internal static class MessageTemplateStoreRegistration
{
    /// <summary>The EF stores behind message templates: <see cref="IMessageTemplateStore"/> and <see cref="IContactSegmentLookup"/>.</summary>
    public static IServiceCollection AddMessageTemplateStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IMessageTemplateStore, EfMessageTemplateStore>();
        services.TryAddSingleton<IContactSegmentLookup, EfContactSegmentLookup>();
        return services;
    }
}
