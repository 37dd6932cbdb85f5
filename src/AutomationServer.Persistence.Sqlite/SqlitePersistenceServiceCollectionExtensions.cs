using Microsoft.Extensions.DependencyInjection;
using AutomationServer.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence;

public static class SqlitePersistenceServiceCollectionExtensions
{
    /// <summary>Makes <c>Persistence:Provider = Sqlite</c> available to <c>AddAutomationPersistence</c>.</summary>
    public static IServiceCollection AddSqlitePersistenceProvider(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersistenceProvider, SqlitePersistenceProvider>());
        return services;
    }
}
