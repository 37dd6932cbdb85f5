using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AutomationServer.Persistence;

/// <summary>The provider and connection string chosen from configuration, resolved once per service provider.</summary>
internal sealed class PersistenceSelection(IPersistenceProvider provider, string connectionString, AutomationPersistenceOptions options)
{
    public IPersistenceProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public AutomationPersistenceOptions Options { get; } = options;

    public IDueBookmarkClaimer Claimer => Provider.DueBookmarkClaimer ?? PortableDueBookmarkClaimer.Instance;

    public static PersistenceSelection Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AutomationPersistenceOptions>>().Value;
        var providers = services.GetServices<IPersistenceProvider>().ToList();
        var name = string.IsNullOrWhiteSpace(options.Provider) ? "Sqlite" : options.Provider.Trim();
        var provider = providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (provider is null)
        {
            var known = providers.Count == 0 ? "none" : string.Join(", ", providers.Select(p => p.Name));
            throw new InvalidOperationException(
                $"{AutomationPersistenceOptions.SectionName}:Provider is '{name}', but no persistence provider of that name is registered " +
                $"(registered: {known}). Use Sqlite, SqlServer or PostgreSql, and register the provider project with " +
                $"services.Add{name}PersistenceProvider().");
        }

        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
        if (string.IsNullOrEmpty(contentRoot))
        {
            contentRoot = Directory.GetCurrentDirectory();
        }

        var connectionString = provider.ResolveConnectionString(options.ConnectionString, contentRoot);
        return new PersistenceSelection(provider, connectionString, options);
    }
}
