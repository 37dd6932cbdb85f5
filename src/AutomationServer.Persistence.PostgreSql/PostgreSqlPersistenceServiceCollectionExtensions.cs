using AutomationServer.Persistence.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence;

public static class PostgreSqlPersistenceServiceCollectionExtensions
{
    /// <summary>Makes <c>Persistence:Provider = PostgreSql</c> available to <c>AddAutomationPersistence</c>.</summary>
    public static IServiceCollection AddPostgreSqlPersistenceProvider(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersistenceProvider, PostgreSqlPersistenceProvider>());
        return services;
    }
}
