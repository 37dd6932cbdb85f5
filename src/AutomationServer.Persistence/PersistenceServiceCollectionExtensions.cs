using AutomationServer.Audience.Persistence;
using AutomationServer.Messaging.Bounces;
using AutomationServer.Persistence.Audience;
using AutomationServer.Persistence.Stores;
using AutomationServer.Persistence.Stores.Audience;
using AutomationServer.Persistence.Stores.Messaging;
using AutomationServer.Persistence.Stores.Messaging.Policies;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow database and its stores (<see cref="IWorkflowRuntimeStore"/>, <see cref="IWorkflowDefinitionStore"/>,
    /// <see cref="IWorkflowInstanceStore"/>, <see cref="IPluginStateStorage"/>, and the audience's <see cref="IContactStore"/>, <see cref="IContactAttributeSchemaStore"/>,
    /// <see cref="IContactEventStore"/>, <see cref="IConsentStore"/>) as singletons, and <see cref="AutomationDatabase"/> for migrations.
    /// The provider is chosen by <c>Persistence:Provider</c> among the providers registered with
    /// <c>AddSqlitePersistenceProvider()</c>, <c>AddSqlServerPersistenceProvider()</c> or <c>AddPostgreSqlPersistenceProvider()</c>.
    /// </summary>
    /// <param name="configuration">The root configuration; the <c>Persistence</c> section is read from it.</param>
    public static IServiceCollection AddAutomationPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutomationPersistenceOptions>().Bind(configuration.GetSection(AutomationPersistenceOptions.SectionName));
        services.TryAddSingleton(PersistenceSelection.Create);

        services.AddPooledDbContextFactory<WorkflowDbContext>((serviceProvider, builder) =>
        {
            var selection = serviceProvider.GetRequiredService<PersistenceSelection>();
            selection.Provider.Configure(builder, selection.ConnectionString);
            // Stores only read to hand records out; writes attach them explicitly.
            builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });

        services.TryAddSingleton<IWorkflowRuntimeStore, EfWorkflowRuntimeStore>();
        services.TryAddSingleton<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.TryAddSingleton<IWorkflowInstanceStore, EfWorkflowInstanceStore>();
        services.TryAddSingleton<IPluginStateStorage, EfPluginStateStorage>();
        services.TryAddSingleton<IContactStore, EfContactStore>();
        services.TryAddSingleton<IContactAttributeSchemaStore, EfContactAttributeSchemaStore>();
        services.TryAddSingleton<IContactEventStore, EfContactEventStore>();
        services.TryAddSingleton<IConsentStore, EfConsentStore>();
        services.TryAddSingleton<IPrivacyStore, EfPrivacyStore>();
        services.TryAddSingleton<IAudienceVocabularyStore, EfAudienceVocabularyStore>();
        services.AddAudienceSqlConnections();
        services.AddMessagingStores();
        services.AddSendPolicyStores();
        services.AddMessageTemplateStores();
        services.TryAddSingleton<IBounceStore, EfBounceStore>();
        services.TryAddSingleton(serviceProvider => new AutomationDatabase(
            serviceProvider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>(),
            serviceProvider.GetRequiredService<PersistenceSelection>(),
            serviceProvider.GetRequiredService<ILogger<AutomationDatabase>>()));
        return services;
    }
}
