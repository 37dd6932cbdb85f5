using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// One statement prepared once and executed per row. For an in-process database (SQLite) this skips parsing a
/// statement per row, which is most of what EF Core's batches cost there.
/// </summary>
public sealed class PreparedStatementBulkWriter : IBulkWriter
{
    public static readonly PreparedStatementBulkWriter Instance = new();

    public async Task InsertAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableColumns.For<TEntity>(db);
        await using var command = CreateCommand(db, table, table.InsertSql(Parameter), parameterCount: table.Columns.Count);
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            SetRow(command, table, row);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<int> UpdateAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, IReadOnlyList<object> originalTokens, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var table = TableColumns.For<TEntity>(db);
        var token = table.ConcurrencyToken;
        await using var command = CreateCommand(db, table, table.VersionedUpdateSql(Parameter), parameterCount: table.Columns.Count + 1);
        await command.PrepareAsync(cancellationToken);
        var matched = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            SetRow(command, table, rows[r]);
            command.Parameters[table.Columns.Count].Value = token.ToProvider(originalTokens[r]) ?? DBNull.Value;
            matched += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return matched;
    }

    private static string Parameter(int index) => "@p" + index;

    private static DbCommand CreateCommand(WorkflowDbContext db, TableColumns table, string sql, int parameterCount)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside the commit's transaction.");
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            // The extra parameter past the columns is the original concurrency token.
            var column = i < table.Columns.Count ? table.Columns[i] : table.ConcurrencyToken;
            command.Parameters.Add(column.Mapping.CreateParameter(command, Parameter(i), null, nullable: true));
        }

        return command;
    }

    private static void SetRow(DbCommand command, TableColumns table, object row)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            command.Parameters[i].Value = table.Columns[i].ProviderValue(row) ?? DBNull.Value;
        }
    }
}
