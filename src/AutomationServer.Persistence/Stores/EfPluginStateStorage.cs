using AutomationServer.Persistence.Model;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores;

internal sealed class EfPluginStateStorage(IDbContextFactory<WorkflowDbContext> contexts) : IPluginStateStorage
{
    private const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    // SQLite and PostgreSQL share the ON CONFLICT upsert; SQL Server needs MERGE, and HOLDLOCK keeps two
    // MERGEs of a new key from both taking the insert branch.
    private const string OnConflictUpsert =
        "INSERT INTO \"" + WorkflowTables.PluginState + "\" (\"PluginId\", \"Key\", \"Value\", \"UpdatedAt\") VALUES ({0}, {1}, {2}, {3}) " +
        "ON CONFLICT (\"PluginId\", \"Key\") DO UPDATE SET \"Value\" = excluded.\"Value\", \"UpdatedAt\" = excluded.\"UpdatedAt\"";

    private const string MergeUpsert =
        "MERGE [" + WorkflowTables.PluginState + "] WITH (HOLDLOCK) AS target " +
        "USING (VALUES ({0}, {1}, {2}, {3})) AS source ([PluginId], [Key], [Value], [UpdatedAt]) " +
        "ON target.[PluginId] = source.[PluginId] AND target.[Key] = source.[Key] " +
        "WHEN MATCHED THEN UPDATE SET [Value] = source.[Value], [UpdatedAt] = source.[UpdatedAt] " +
        "WHEN NOT MATCHED THEN INSERT ([PluginId], [Key], [Value], [UpdatedAt]) VALUES (source.[PluginId], source.[Key], source.[Value], source.[UpdatedAt]);";

    public async Task<string?> GetAsync(string pluginId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PluginState
            .Where(s => s.PluginId == pluginId && s.Key == key)
            .Select(s => s.Value)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetAsync(string pluginId, string key, string value, DateTime updatedAtUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = db.Database.ProviderName == SqlServerProvider ? MergeUpsert : OnConflictUpsert;
        await db.Database.ExecuteSqlRawAsync(sql, [pluginId, key, value, UtcDateTimeConverter.ToUtc(updatedAtUtc)], cancellationToken);
    }

    public async Task<bool> DeleteAsync(string pluginId, string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PluginState.Where(s => s.PluginId == pluginId && s.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
