using AutomationServer.Persistence.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence;

public static class SqlServerPersistenceServiceCollectionExtensions
{
    /// <summary>Makes <c>Persistence:Provider = SqlServer</c> available to <c>AddAutomationPersistence</c>.</summary>
    public static IServiceCollection AddSqlServerPersistenceProvider(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersistenceProvider, SqlServerPersistenceProvider>());
        return services;
    }
}
