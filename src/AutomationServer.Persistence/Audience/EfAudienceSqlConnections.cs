using AutomationServer.Audience.Segments.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutomationServer.Persistence.Audience;

/// <summary>
/// Hands the segment SQL a connection opened through the DbContext, so the provider's per-connection settings
/// (SQLite's WAL, busy timeout and foreign keys) apply exactly as they do to the stores.
/// </summary>
internal sealed class EfAudienceSqlConnections(IDbContextFactory<WorkflowDbContext> contexts) : IAudienceSqlConnections
{
    public async Task<AudienceSqlSession> OpenAsync(CancellationToken cancellationToken)
    {
        var context = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
            return new AudienceSqlSession(context.Database.GetDbConnection(), SqlDialect.For(context.Database.ProviderName ?? ""), context);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }
}

public static class AudienceSqlConnectionsServiceCollectionExtensions
{
    /// <summary>Connections for the segment SQL over the database of <c>AddAutomationPersistence</c>.</summary>
    public static IServiceCollection AddAudienceSqlConnections(this IServiceCollection services)
    {
        services.TryAddSingleton<IAudienceSqlConnections, EfAudienceSqlConnections>();
        return services;
    }
}
