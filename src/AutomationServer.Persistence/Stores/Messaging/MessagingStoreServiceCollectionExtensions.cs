using AutomationServer.Messaging.Outbox;
using AutomationServer.Messaging.Recipients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence.Stores.Messaging;

internal static class MessagingStoreServiceCollectionExtensions
{
    /// <summary>The EF stores behind the send pipeline: <see cref="IMessageStore"/> and <see cref="IRecipientStore"/>.</summary>
    public static IServiceCollection AddMessagingStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IMessageStore, EfMessageStore>();
        services.TryAddSingleton<IRecipientStore, EfRecipientStore>();
        return services;
    }
}
