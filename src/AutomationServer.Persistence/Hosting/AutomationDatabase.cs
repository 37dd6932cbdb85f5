using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Persistence;

/// <summary>Schema management of the workflow database for the configured provider: migrations, scripts, connectivity.</summary>
public sealed class AutomationDatabase
{
    private readonly IDbContextFactory<WorkflowDbContext> _contexts;
    private readonly PersistenceSelection _selection;
    private readonly ILogger<AutomationDatabase> _logger;

    internal AutomationDatabase(IDbContextFactory<WorkflowDbContext> contexts, PersistenceSelection selection, ILogger<AutomationDatabase> logger)
    {
        _contexts = contexts;
        _selection = selection;
        _logger = logger;
    }

    /// <summary>The selected provider's name (<c>Sqlite</c>, <c>SqlServer</c>, <c>PostgreSql</c>).</summary>
    public string ProviderName => _selection.Provider.Name;

    /// <summary>Applies every pending migration.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            _logger.LogInformation("Workflow database ({Provider}) is up to date", ProviderName);
            return;
        }

        _logger.LogInformation("Applying {Count} migration(s) to the workflow database ({Provider}): {Migrations}", pending.Count, ProviderName, pending);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Applies pending migrations when <c>Persistence:MigrateOnStartup</c> is true (the default); otherwise only
    /// reports pending migrations, because a DBA applies them from <see cref="GenerateMigrationScript"/>.
    /// </summary>
    public async Task MigrateOnStartupAsync(CancellationToken cancellationToken)
    {
        if (_selection.Options.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
            return;
        }

        var pending = await GetPendingMigrationsAsync(cancellationToken);
        if (pending.Count > 0)
        {
            _logger.LogError(
                "The workflow database ({Provider}) lacks {Count} migration(s): {Migrations}. Persistence:MigrateOnStartup is false: " +
                "apply the script printed by --print-migration-script, or enable MigrateOnStartup", ProviderName, pending.Count, pending);
        }
    }

    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <summary>
    /// The SQL that brings an empty or older database to the current schema. Idempotent (it skips applied migrations)
    /// where the provider can generate such scripts; SQLite cannot, so its script creates the schema from scratch.
    /// </summary>
    public string GenerateMigrationScript()
    {
        using var db = _contexts.CreateDbContext();
        var migrator = db.GetService<IMigrator>();
        try
        {
            return migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        }
        catch (NotSupportedException)
        {
            return $"-- {ProviderName} cannot generate an idempotent script: apply this one to an empty database only.{Environment.NewLine}" +
                   migrator.GenerateScript();
        }
    }

    /// <summary>Opens a connection and runs a trivial query; throws when the database cannot be reached.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
