using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence;

public static class AutomationDatabaseServiceProviderExtensions
{
    /// <summary>At host startup: applies pending migrations when <c>Persistence:MigrateOnStartup</c> is true (default), otherwise logs what is pending.</summary>
    public static Task MigrateAutomationDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AutomationDatabase>().MigrateOnStartupAsync(cancellationToken);

    /// <summary>The migration SQL for the configured provider, for <c>--print-migration-script</c>.</summary>
    public static string GenerateAutomationMigrationScript(this IServiceProvider services) =>
        services.GetRequiredService<AutomationDatabase>().GenerateMigrationScript();
}
