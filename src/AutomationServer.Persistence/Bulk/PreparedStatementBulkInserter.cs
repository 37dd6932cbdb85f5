using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// One INSERT prepared once and executed per row. For an in-process database (SQLite) this skips parsing a
/// statement per row, which is most of what EF Core's batches cost there.
/// </summary>
public sealed class PreparedStatementBulkInserter : IBulkInserter
{
    public static readonly PreparedStatementBulkInserter Instance = new();

    public async Task InsertAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableColumns.For<TEntity>(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the commit's transaction.");

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table.DelimitedTable} ({string.Join(", ", table.Columns.Select(c => c.DelimitedName))}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "@p" + i))})";
        var parameters = new DbParameter[table.Columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = table.Columns[i].Mapping.CreateParameter(command, "@p" + i, null, nullable: true);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = table.Columns[i].ProviderValue(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
