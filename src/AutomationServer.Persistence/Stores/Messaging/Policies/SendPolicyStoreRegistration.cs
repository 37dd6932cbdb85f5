using AutomationServer.Messaging.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence.Stores.Messaging.Policies;

internal static class SendPolicyStoreRegistration
{
    public static IServiceCollection AddSendPolicyStores(this IServiceCollection services)
    {
        services.TryAddSingleton<ISendPolicySettingsStore, EfSendPolicySettingsStore>();
        services.TryAddSingleton<IFrequencyPreferenceStore, EfFrequencyPreferenceStore>();
        services.TryAddSingleton<IRecentSendStore, EfRecentSendStore>();
        return services;
    }
}
