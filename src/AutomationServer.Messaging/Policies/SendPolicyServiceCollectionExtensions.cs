using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Policies;

public static class SendPolicyServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ISendPolicy"/>, <see cref="IFrequencyPreferences"/> and <see cref="SendPolicySettings"/>. Defaults per channel
    /// from <c>Messaging:Policies:&lt;channel&gt;</c> (validated at start); the stores come with <c>AddAutomationPersistence</c>.
    /// </summary>
    public static IServiceCollection AddSendPolicies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SendPolicyOptions>().Configure(options => SendPolicyOptions.Read(configuration, options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendPolicyOptions>, SendPolicyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SendPolicySettings>();
        services.TryAddSingleton<ChannelThrottle>();
        services.TryAddSingleton<RecipientTimeZones>();
        services.TryAddSingleton<ISendPolicy, SendPolicy>();
        services.TryAddSingleton<IFrequencyPreferences, FrequencyPreferences>();
        return services;
    }
}
