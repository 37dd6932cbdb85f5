using AutomationServer.Messaging.Recipients;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox dispatcher (a hosted service), its wake-up signal for the engine (<see cref="IOutboxSignal"/>), the
    /// recipient directory, the message timeline, <see cref="IMessageHistory"/> and <see cref="MessageLog"/>. Settings:
    /// <c>Messaging:Dispatch</c> (<see cref="DispatchOptions"/>) and <c>Messaging:Retry</c> (<see cref="RetryOptions"/>),
    /// validated at start. The dispatcher runs once an <c>ISendPolicy</c> and an <c>IMessageRenderer</c> are registered;
    /// the stores come from <c>AddAutomationPersistence</c>.
    /// </summary>
    public static IServiceCollection AddOutboxDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>()
            .Bind(configuration.GetSection(DispatchOptions.SectionName))
            .Validate(o => o.BatchSize is >= 1 and <= 5_000, "Messaging:Dispatch:BatchSize must be 1 to 5000.")
            .Validate(o => o.Concurrency is >= 1 and <= 256, "Messaging:Dispatch:Concurrency must be 1 to 256.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(10) && o.PollInterval <= TimeSpan.FromMinutes(10),
                "Messaging:Dispatch:PollInterval must be 00:00:00.010 to 00:10:00.")
            .Validate<IOptions<MessagingOptions>>((o, messaging) => o.LeaseDuration >= messaging.Value.SendTimeout + OutboxProcessor.LeaseMargin + TimeSpan.FromSeconds(5),
                "Messaging:Dispatch:LeaseDuration must exceed Messaging:SendTimeout by at least 10 seconds, so every send ends within its lease.")
            .ValidateOnStart();
        services.AddOptions<RetryOptions>()
            .Bind(configuration.GetSection(RetryOptions.SectionName))
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Messaging:Retry:MaxAttempts must be 1 to 100.")
            .Validate(o => o.EffectiveDelays.All(d => d > TimeSpan.Zero && d <= TimeSpan.FromDays(1)),
                "Messaging:Retry:Delays must each be more than 00:00:00 and at most 1.00:00:00.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecipientDirectory, RecipientDirectory>();
        services.TryAddSingleton<MessageTimeline>();
        services.TryAddSingleton<IMessageHistory, MessageHistory>();
        services.TryAddSingleton<MessageLog>();
        services.TryAddSingleton<OutboxWakeup>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxWakeup>());
        services.TryAddSingleton<OutboxProcessor>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
